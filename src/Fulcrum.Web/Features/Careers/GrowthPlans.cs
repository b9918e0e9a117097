using Fulcrum.Core;
using Fulcrum.Core.Careers;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Careers;

/// <summary>
/// Growth plans: goals tied to competencies, stretch assignments and time-boxed learning sprints
/// closed by a check-in. Each method loads the plan, asks <see cref="GrowthRules"/> (Fulcrum.Core)
/// and saves what the rule allowed. A private record: the person and their manager chain read and
/// change it; anyone else is told there is no such plan. Methods take the acting person's id, so
/// pages, the API and the demo seeder share every rule.
/// </summary>
public sealed class GrowthPlans(FulcrumDbContext db, PersonAccess access, LadderStore ladders, TimeProvider clock)
{
    public async Task<GrowthPlanView> PlanAsync(int viewerId, int personId, CancellationToken cancellationToken = default)
    {
        var person = await RequireReadableAsync(viewerId, personId, cancellationToken);
        var plan = await db.GrowthPlans.Include(p => p.Items).AsNoTracking().SingleOrDefaultAsync(p => p.PersonId == personId, cancellationToken);
        return View(person, plan);
    }

    /// <summary>The viewer's own plan and those of their reporting line (direct and further down), by name after their own.</summary>
    public async Task<IReadOnlyList<GrowthPlanSummary>> VisibleAsync(int viewerId, CancellationToken cancellationToken = default)
    {
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var people = await db.People.OrderBy(p => p.Name).Select(p => new PersonRef(p.Id, p.Name)).ToListAsync(cancellationToken);
        var visible = people.Where(p => p.Id == viewerId).Concat(people.Where(p => p.Id != viewerId && lines.IsInManagerChain(viewerId, p.Id))).ToList();
        var ids = visible.Select(p => p.Id).ToList();
        var plans = await db.GrowthPlans.Include(p => p.Items).AsNoTracking().Where(p => ids.Contains(p.PersonId)).ToDictionaryAsync(p => p.PersonId, cancellationToken);
        var today = Today();
        return [.. visible.Select(p => new GrowthPlanSummary(p, plans.ContainsKey(p.Id), GrowthRules.Progress(States(plans.GetValueOrDefault(p.Id)?.Items ?? []), today)))];
    }

    public async Task<GrowthPlanView> SetFocusAsync(int actorId, int personId, SetFocusRequest request, CancellationToken cancellationToken = default)
    {
        var person = await RequireReadableAsync(actorId, personId, cancellationToken);
        var focus = GrowthRules.Focus(request.Focus);
        var plan = await PlanForChangeAsync(personId, cancellationToken);
        plan.Focus = focus;
        plan.UpdatedAt = Now();
        await SaveAsync(plan, cancellationToken);
        return View(person, plan);
    }

    public async Task<GrowthItemView> AddItemAsync(int actorId, int personId, AddGrowthItemRequest request, CancellationToken cancellationToken = default)
    {
        await RequireReadableAsync(actorId, personId, cancellationToken);
        var plan = await PlanForChangeAsync(personId, cancellationToken);
        var today = Today();
        var added = GrowthRules.Add(request.Kind, new GrowthItemEdit(request.Title, request.Detail, request.Competencies, request.GoalId,
            request.StartsOn, request.EndsOn, request.Status, request.Progress), await ladders.ActiveAsync(cancellationToken), GoalIds(plan), today);
        var item = new GrowthItem { Title = added.Title, Kind = added.Kind, CreatedByPersonId = actorId, CreatedAt = Now(), UpdatedAt = Now() };
        Apply(item, added);
        plan.Items.Add(item);
        plan.UpdatedAt = Now();
        await SaveAsync(plan, cancellationToken);
        return ItemView(item, plan.Items, today);
    }

    public async Task<GrowthItemView> UpdateItemAsync(int actorId, int personId, long itemId, UpdateGrowthItemRequest request, CancellationToken cancellationToken = default)
    {
        await RequireReadableAsync(actorId, personId, cancellationToken);
        var plan = await PlanForChangeAsync(personId, cancellationToken);
        var item = plan.Items.SingleOrDefault(i => i.Id == itemId) ?? throw NoItem(itemId);
        var changed = GrowthRules.Change(State(item), new GrowthItemEdit(request.Title, request.Detail, request.Competencies, request.GoalId,
            request.StartsOn, request.EndsOn, request.Status, request.Progress), await ladders.ActiveAsync(cancellationToken), GoalIds(plan));
        Apply(item, changed);
        item.UpdatedAt = plan.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return ItemView(item, plan.Items, Today());
    }

    /// <summary>Ends a learning sprint with its outcome and a note; the sprint is done.</summary>
    public async Task<GrowthItemView> CheckInAsync(int actorId, int personId, long itemId, CheckInRequest request, CancellationToken cancellationToken = default)
    {
        await RequireReadableAsync(actorId, personId, cancellationToken);
        var plan = await PlanForChangeAsync(personId, cancellationToken);
        var item = plan.Items.SingleOrDefault(i => i.Id == itemId) ?? throw NoItem(itemId);
        var (outcome, note) = GrowthRules.CheckIn(State(item), request.Outcome, request.Note);
        (item.Outcome, item.CheckIn, item.CheckedInAt, item.Status, item.Progress) = (outcome, note, Now(), GrowthStatus.Done, 100);
        item.UpdatedAt = plan.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return ItemView(item, plan.Items, Today());
    }

    public async Task RemoveItemAsync(int actorId, int personId, long itemId, CancellationToken cancellationToken = default)
    {
        await RequireReadableAsync(actorId, personId, cancellationToken);
        var plan = await PlanForChangeAsync(personId, cancellationToken);
        var item = plan.Items.SingleOrDefault(i => i.Id == itemId) ?? throw NoItem(itemId);
        // Items that served a removed goal stay, no longer tied to it.
        foreach (var served in plan.Items.Where(i => i.GoalId == item.Id))
        {
            served.GoalId = null;
        }
        plan.Items.Remove(item);
        db.GrowthItems.Remove(item);
        plan.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<PersonRef> RequireReadableAsync(int viewerId, int personId, CancellationToken cancellationToken)
    {
        var name = await db.People.Where(p => p.Id == personId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        GrowthRules.EnsureReadable(viewerId, personId, name is not null, await access.ReportingLinesAsync(cancellationToken));
        return new(personId, name!);
    }

    private async Task<GrowthPlan> PlanForChangeAsync(int personId, CancellationToken cancellationToken)
    {
        // A person without a plan gets one with their first change; nothing is stored for a refused one.
        return await db.GrowthPlans.Include(p => p.Items).SingleOrDefaultAsync(p => p.PersonId == personId, cancellationToken)
            ?? new GrowthPlan { PersonId = personId, CreatedAt = Now(), UpdatedAt = Now() };
    }

    private async Task SaveAsync(GrowthPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Id == 0)
        {
            db.GrowthPlans.Add(plan);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private GrowthPlanView View(PersonRef person, GrowthPlan? plan)
    {
        var items = plan?.Items ?? [];
        var today = Today();
        List<GrowthItemView> Of(GrowthItemKind kind) => [.. items.Where(i => i.Kind == kind)
            .OrderBy(i => i.Status is GrowthStatus.Done or GrowthStatus.Dropped).ThenBy(i => i.StartsOn ?? i.EndsOn ?? i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => ItemView(i, items, today))];
        return new(person, plan?.Focus, GrowthRules.Progress(States(items), today), Of(GrowthItemKind.Goal), Of(GrowthItemKind.Stretch), Of(GrowthItemKind.Sprint), plan?.UpdatedAt);
    }

    private static GrowthItemView ItemView(GrowthItem item, IReadOnlyCollection<GrowthItem> all, DateOnly today)
    {
        var state = State(item);
        return new(item.Id, item.Kind, item.Title, item.Detail, state.Competencies, item.GoalId,
            item.GoalId is long goal ? all.FirstOrDefault(i => i.Id == goal)?.Title : null,
            item.Status, item.Progress, state.StartsOn, state.EndsOn, GrowthRules.TimeBox(state, today), GrowthRules.CheckInDue(state, today),
            item.Outcome, item.CheckIn, item.CheckedInAt, item.UpdatedAt);
    }

    private static GrowthItemState State(GrowthItem item) =>
        new(item.Kind, item.Title, item.Detail, Recognition.Split(item.Competencies), item.GoalId, item.Status, item.Progress,
            Day(item.StartsOn), Day(item.EndsOn), item.CheckedInAt is not null);

    private static List<GrowthItemState> States(IEnumerable<GrowthItem> items) => [.. items.Select(State)];

    /// <summary>Writes what the rules allowed onto the stored item.</summary>
    private static void Apply(GrowthItem item, GrowthItemState state)
    {
        item.Title = state.Title;
        item.Detail = state.Detail;
        item.Competencies = state.Competencies.Count == 0 ? null : string.Join(',', state.Competencies);
        item.GoalId = state.GoalId;
        item.Status = state.Status;
        item.Progress = state.Progress;
        item.StartsOn = state.StartsOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        item.EndsOn = state.EndsOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    }

    private static List<long> GoalIds(GrowthPlan plan) => [.. plan.Items.Where(i => i.Kind == GrowthItemKind.Goal).Select(i => i.Id)];

    private static ProblemException NoItem(long itemId) => ProblemException.NotFound($"This growth plan has no item {itemId}.");

    private static DateOnly? Day(DateTime? at) => at is DateTime d ? DateOnly.FromDateTime(d) : null;

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
