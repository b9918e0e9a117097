using Fulcrum.Core;
using Fulcrum.Core.Access;
using Fulcrum.Core.TeamDesign;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using CoreInitiative = Fulcrum.Core.TeamDesign.Initiative;

namespace Fulcrum.Web.Features.TeamDesign;

public sealed record TeamRef(int Id, string Name);

/// <param name="Level">A level from 0 to 4, or its name.</param>
/// <param name="People">How many people must hold the skill at the level (default 1).</param>
public sealed record NeedRequest(string? Skill, string? Level, int? People = null);

public sealed record InitiativeRequest(string? Name, DateOnly? StartsOn, DateOnly? EndsOn, IReadOnlyList<NeedRequest>? Needs);

public sealed record NeedView(string Skill, int Level, string LevelName, int People);

public sealed record InitiativeView(int Id, TeamRef Team, string Name, DateOnly StartsOn, DateOnly? EndsOn, IReadOnlyList<NeedView> Needs);

/// <summary>The build-or-hire assumptions of a team, as shown beside every plan and as a leader edits them.</summary>
public sealed record AssumptionsView(int WeeksPerLevelStep, double LearningShare, int WeeksToHire, int RampUpWeeks,
    long AnnualCost, long RecruitingCost, int WorkingWeeksPerYear, bool Defaults);

/// <summary>New assumptions for a team; a value left out keeps the one in use.</summary>
public sealed record AssumptionsRequest(int? WeeksPerLevelStep = null, double? LearningShare = null, int? WeeksToHire = null, int? RampUpWeeks = null,
    long? AnnualCost = null, long? RecruitingCost = null, int? WorkingWeeksPerYear = null);

/// <summary>Someone holding (or closest to) a needed skill. <see cref="Person"/> and <see cref="Level"/> are
/// null for a viewer who may not read that person's skills: coverage without names.</summary>
public sealed record HolderView(PersonRef? Person, int? Level, string? LevelName, bool Confirmed);

public sealed record PlanView(string Advice, HolderView? Learner, int? BuildWeeks, decimal? BuildCost, int HireWeeks, decimal HireCost,
    int WeeksUntilNeeded, string Reason);

public sealed record CoverageView(string Skill, int Level, string LevelName, int People, int Covered, int Gap, bool SinglePointOfKnowledge,
    int Unconfirmed, IReadOnlyList<HolderView> Holders, IReadOnlyList<PlanView> Plans)
{
    /// <summary>The holders as the page and the command line say them: the names the viewer may read with their levels, then how many more.</summary>
    public string HoldersText(bool markOwnRating)
    {
        var named = Holders.Where(h => h.Person is not null)
            .Select(h => $"{h.Person!.Name} ({h.LevelName}{(markOwnRating && !h.Confirmed ? ", own rating" : "")})").ToList();
        var hidden = Holders.Count - named.Count;
        if (hidden > 0)
        {
            named.Add(named.Count == 0 ? Core.Wording.Count(hidden, "person", "people") : $"{hidden} more");
        }
        return named.Count == 0 ? "—" : string.Join(", ", named);
    }
}

public sealed record InitiativeGapsView(int Id, string Name, DateOnly StartsOn, DateOnly? EndsOn, int WeeksUntilStart, IReadOnlyList<CoverageView> Needs);

public sealed record GapSummary(int Needs, int Covered, int Uncovered, int PeopleMissing, int SinglePointsOfKnowledge, int Build, int Hire);

/// <summary>One cell of the skills matrix: a person's level in a skill, and whether a lead confirmed it.</summary>
public sealed record MatrixCell(int Level, string LevelName, bool Confirmed);

public sealed record MatrixRow(PersonRef Person, IReadOnlyList<MatrixCell?> Levels);

/// <summary>
/// People × skills for the team members whose skills the viewer may read (themselves and their
/// reporting line), the skills the roadmap needs first, then the rest by how many hold them.
/// <paramref name="Hidden"/> members are not shown.
/// </summary>
public sealed record SkillsMatrixView(IReadOnlyList<string> Skills, IReadOnlyList<MatrixRow> Rows, int Hidden);

/// <param name="Members">People on the team; <paramref name="MembersWithSkills"/> of them have rated at least one skill.</param>
public sealed record GapReportView(TeamRef Team, DateOnly Today, int Members, int MembersWithSkills, AssumptionsView Assumptions,
    GapSummary Summary, IReadOnlyList<InitiativeGapsView> Initiatives);

/// <summary>
/// A team's roadmap needs and its gap report ("build it or hire it", docs/team-design.md). The roadmap
/// and the assumptions are team-level things (ADR 0006): everyone in the team's scope reads them,
/// leaders change them. The gap report shows coverage to the whole scope; a holder's or learner's name
/// and level only to viewers who may read that person's skills (the careers privacy rule).
/// </summary>
public sealed class TeamRoadmap(FulcrumDbContext db, PersonAccess access, TimeProvider clock)
{
    public const int MaxNeedsPerInitiative = 50;
    public const int MaxPeoplePerNeed = 50;

    public async Task<TeamRef> TeamAsync(string team, TeamScope scope, CancellationToken cancellationToken = default)
    {
        var found = int.TryParse(team, out var id)
            ? await db.Teams.Where(t => t.Id == id).Select(t => new TeamRef(t.Id, t.Name)).SingleOrDefaultAsync(cancellationToken)
            : await db.Teams.Where(t => t.Name.ToLower() == team.Trim().ToLower()).Select(t => new TeamRef(t.Id, t.Name)).SingleOrDefaultAsync(cancellationToken);
        return found is not null && scope.Includes(found.Id)
            ? found
            : throw ProblemException.NotFound($"There is no team '{Shorten(team)}' for you.");
    }

    public async Task<IReadOnlyList<InitiativeView>> InitiativesAsync(TeamRef team, CancellationToken cancellationToken = default) =>
        [.. (await db.Initiatives.AsNoTracking().Include(i => i.Needs).Where(i => i.TeamId == team.Id).ToListAsync(cancellationToken))
            .OrderBy(i => i.StartsOn).ThenBy(i => i.Name, StringComparer.Ordinal).Select(i => View(i, team))];

    public async Task<InitiativeView> AddInitiativeAsync(TeamRef team, InitiativeRequest request, CancellationToken cancellationToken = default)
    {
        var initiative = new Initiative { TeamId = team.Id, Name = "", CreatedAt = Now() };
        await ApplyAsync(initiative, request, cancellationToken);
        db.Initiatives.Add(initiative);
        await db.SaveChangesAsync(cancellationToken);
        return View(initiative, team);
    }

    public async Task<InitiativeView> UpdateInitiativeAsync(TeamRef team, int id, InitiativeRequest request, CancellationToken cancellationToken = default)
    {
        var initiative = await db.Initiatives.Include(i => i.Needs).SingleOrDefaultAsync(i => i.Id == id && i.TeamId == team.Id, cancellationToken)
            ?? throw NoInitiative(team, id);
        await ApplyAsync(initiative, request, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return View(initiative, team);
    }

    public async Task RemoveInitiativeAsync(TeamRef team, int id, CancellationToken cancellationToken = default)
    {
        var removed = await db.Initiatives.Where(i => i.Id == id && i.TeamId == team.Id).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            throw NoInitiative(team, id);
        }
    }

    public async Task<AssumptionsView> AssumptionsAsync(TeamRef team, CancellationToken cancellationToken = default) =>
        View(await db.TeamBuildOrHire.AsNoTracking().SingleOrDefaultAsync(a => a.TeamId == team.Id, cancellationToken));

    /// <summary>Sets the team's assumptions; every value is checked (<see cref="BuildOrHireAssumptions.Problems"/>) before any is stored.</summary>
    public async Task<AssumptionsView> SetAssumptionsAsync(TeamRef team, AssumptionsRequest change, CancellationToken cancellationToken = default)
    {
        var current = await AssumptionsAsync(team, cancellationToken);
        var request = new AssumptionsView(change.WeeksPerLevelStep ?? current.WeeksPerLevelStep, change.LearningShare ?? current.LearningShare,
            change.WeeksToHire ?? current.WeeksToHire, change.RampUpWeeks ?? current.RampUpWeeks, change.AnnualCost ?? current.AnnualCost,
            change.RecruitingCost ?? current.RecruitingCost, change.WorkingWeeksPerYear ?? current.WorkingWeeksPerYear, false);
        var problems = Assumptions(request).Problems();
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid("The assumptions were not saved", problems);
        }
        var row = await db.TeamBuildOrHire.SingleOrDefaultAsync(a => a.TeamId == team.Id, cancellationToken);
        if (row is null)
        {
            row = db.TeamBuildOrHire.Add(new TeamBuildOrHire { TeamId = team.Id }).Entity;
        }
        row.WeeksPerLevelStep = request.WeeksPerLevelStep;
        row.LearningShare = request.LearningShare;
        row.WeeksToHire = request.WeeksToHire;
        row.RampUpWeeks = request.RampUpWeeks;
        row.AnnualCost = request.AnnualCost;
        row.RecruitingCost = request.RecruitingCost;
        row.WorkingWeeksPerYear = request.WorkingWeeksPerYear;
        row.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return View(row);
    }

    /// <summary>Back to the defaults (<see cref="BuildOrHireAssumptions"/>).</summary>
    public async Task<AssumptionsView> ResetAssumptionsAsync(TeamRef team, CancellationToken cancellationToken = default)
    {
        await db.TeamBuildOrHire.Where(a => a.TeamId == team.Id).ExecuteDeleteAsync(cancellationToken);
        return View(null);
    }

    /// <summary>The gap report of a team's current and future initiatives, as <paramref name="viewerId"/> may see it.</summary>
    public async Task<GapReportView> GapsAsync(TeamRef team, int viewerId, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(Now());
        var assumptionsRow = await db.TeamBuildOrHire.AsNoTracking().SingleOrDefaultAsync(a => a.TeamId == team.Id, cancellationToken);
        var assumptions = View(assumptionsRow);
        var members = await db.People.Where(p => p.TeamId == team.Id).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        var ids = members.Select(m => m.Id).ToList();
        var skills = (await ids.ToListInBatchesAsync(batch => db.PersonSkills.AsNoTracking().Where(s => batch.Contains(s.PersonId)), cancellationToken))
            .ToLookup(s => s.PersonId);
        var rated = members.Select(m => new TeamMember(m.Id, m.Name,
            [.. skills[m.Id].Select(s => new RatedSkill(s.Skill, s.SelfLevel ?? s.ConfirmedLevel ?? SkillLevels.None, s.ConfirmedLevel))])).ToList();
        var initiatives = await db.Initiatives.AsNoTracking().Include(i => i.Needs).Where(i => i.TeamId == team.Id).ToListAsync(cancellationToken);
        // A need is shown as the team's own matrix spells the skill, when someone on it has it.
        var spelling = skills.SelectMany(g => g).GroupBy(s => s.SkillKey).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Id).First().Skill);
        var coreInitiatives = initiatives.Select(i => (Row: i, Core: new CoreInitiative(i.Name, DateOnly.FromDateTime(i.StartsOn),
            i.EndsOn is DateTime end ? DateOnly.FromDateTime(end) : null,
            [.. i.Needs.OrderBy(n => n.Id).Select(n => new SkillNeed(spelling.GetValueOrDefault(n.SkillKey, n.Skill), n.Level, n.People))]))).ToList();
        var coreAssumptions = Assumptions(assumptions);
        var report = SkillGaps.For(rated, [.. coreInitiatives.Select(i => i.Core)], coreAssumptions, today);

        var lines = await access.ReportingLinesAsync(cancellationToken);
        bool MaySee(int personId) => PrivateRecordPolicy.CanRead(viewerId, personId, lines);
        HolderView Holder(SkillHolder h) => MaySee(h.PersonId)
            ? new HolderView(new PersonRef(h.PersonId, h.Name), h.Level, SkillLevels.Name(h.Level), h.Confirmed)
            : new HolderView(null, null, null, h.Confirmed);
        PlanView Plan(NeedCoverage coverage, GapPlan plan)
        {
            var shown = plan;
            if (plan.Learner is { } learner && !MaySee(learner.PersonId))
            {
                // The same arithmetic, told without the name.
                shown = SkillGaps.Plan(coverage.Need, learner with { Name = "Someone on the team" }, plan.WeeksUntilNeeded, coreAssumptions);
            }
            return new PlanView(plan.Advice == GapAdvice.Build ? "build" : "hire", plan.Learner is null ? null : Holder(plan.Learner),
                plan.BuildWeeks, plan.BuildCost, plan.HireWeeks, plan.HireCost, plan.WeeksUntilNeeded, shown.Reason);
        }

        var views = new List<InitiativeGapsView>();
        foreach (var (row, core) in coreInitiatives.OrderBy(i => i.Core.Start).ThenBy(i => i.Core.Name, StringComparer.Ordinal))
        {
            var needs = report.Where(c => ReferenceEquals(c.Initiative, core)).Select(c => new CoverageView(
                c.Need.Skill, c.Need.Level, SkillLevels.Name(c.Need.Level), c.Need.People, c.Covered, c.Gap, c.SinglePointOfKnowledge,
                c.Unconfirmed, [.. c.Holders.Select(Holder)], [.. c.Plans.Select(p => Plan(c, p))])).ToList();
            if (needs.Count == 0 && core.End is { } end && end < today)
            {
                continue;
            }
            views.Add(new InitiativeGapsView(row.Id, row.Name, core.Start, core.End,
                Math.Max(0, (core.Start.DayNumber - today.DayNumber) / 7), needs));
        }
        var all = views.SelectMany(v => v.Needs).ToList();
        var plans = all.SelectMany(n => n.Plans).ToList();
        var summary = new GapSummary(all.Count, all.Count(n => n.Gap == 0), all.Count(n => n.Covered == 0), all.Sum(n => n.Gap),
            all.Count(n => n.SinglePointOfKnowledge), plans.Count(p => p.Advice == "build"), plans.Count(p => p.Advice == "hire"));
        return new GapReportView(team, today, members.Count, members.Count(m => skills[m.Id].Any()), assumptions, summary, views);
    }

    /// <summary>The team's skills matrix as <paramref name="viewerId"/> may see it (<see cref="SkillsMatrixView"/>).</summary>
    public async Task<SkillsMatrixView> MatrixAsync(TeamRef team, int viewerId, int mostSkills = 20, CancellationToken cancellationToken = default)
    {
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var members = await db.People.Where(p => p.TeamId == team.Id).OrderBy(p => p.Name).Select(p => new PersonRef(p.Id, p.Name)).ToListAsync(cancellationToken);
        var shown = members.Where(m => PrivateRecordPolicy.CanRead(viewerId, m.Id, lines)).ToList();
        var ids = shown.Select(m => m.Id).ToList();
        var skills = await ids.ToListInBatchesAsync(batch => db.PersonSkills.AsNoTracking().Where(s => batch.Contains(s.PersonId)), cancellationToken);
        var needed = await db.InitiativeNeeds.Where(n => db.Initiatives.Any(i => i.Id == n.InitiativeId && i.TeamId == team.Id))
            .Select(n => n.SkillKey).Distinct().ToListAsync(cancellationToken);
        var columns = skills.GroupBy(s => s.SkillKey)
            .OrderBy(g => needed.Contains(g.Key) ? 0 : 1).ThenByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(mostSkills)
            .Select(g => (Key: g.Key, Name: g.OrderBy(s => s.Id).First().Skill)).ToList();
        var byPerson = skills.ToLookup(s => s.PersonId);
        var rows = shown.Select(m => new MatrixRow(m, [.. columns.Select(c => byPerson[m.Id].FirstOrDefault(s => s.SkillKey == c.Key) is { } skill
            ? new MatrixCell(skill.ConfirmedLevel ?? skill.SelfLevel ?? 0, SkillLevels.Name(skill.ConfirmedLevel ?? skill.SelfLevel ?? 0), skill.ConfirmedLevel is not null)
            : null)])).ToList();
        return new SkillsMatrixView([.. columns.Select(c => c.Name)], rows, members.Count - shown.Count);
    }

    private async Task ApplyAsync(Initiative initiative, InitiativeRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (request.Name ?? "").Trim();
        if (name.Length == 0)
        {
            errors["name"] = ["Name the initiative."];
        }
        else if (TextRules.Sentence("An initiative's name", name, db.Model.Text<Initiative>(nameof(Initiative.Name))) is { } problem)
        {
            errors["name"] = [problem];
        }
        else if (await db.Initiatives.AnyAsync(i => i.TeamId == initiative.TeamId && i.Id != initiative.Id && i.Name == name, cancellationToken))
        {
            errors["name"] = [$"The team already has an initiative called '{name}'."];
        }
        if (request.StartsOn is not DateOnly starts)
        {
            errors["startsOn"] = ["Give the day the initiative starts (2027-03-01)."];
        }
        else if (request.EndsOn is DateOnly ends && ends < starts)
        {
            errors["endsOn"] = ["An initiative ends on or after the day it starts."];
        }
        var needs = new List<InitiativeNeed>();
        var requested = request.Needs ?? [];
        if (requested.Count > MaxNeedsPerInitiative)
        {
            errors["needs"] = [$"An initiative has at most {MaxNeedsPerInitiative} needs."];
        }
        var skillField = db.Model.Text<InitiativeNeed>(nameof(InitiativeNeed.Skill));
        var seen = new HashSet<string>();
        for (var i = 0; i < requested.Count && i < MaxNeedsPerInitiative; i++)
        {
            var need = requested[i] ?? new NeedRequest(null, null);
            var at = $"needs[{i}]";
            var skill = SkillNames.Clean(need.Skill ?? "");
            if (skill.Length == 0)
            {
                errors[at + ".skill"] = ["Name the skill."];
                continue;
            }
            if (TextRules.Sentence("A skill", skill, skillField) is { } skillProblem)
            {
                errors[at + ".skill"] = [skillProblem];
                continue;
            }
            if (!seen.Add(SkillNames.Key(skill)))
            {
                errors[at + ".skill"] = [$"'{skill}' is needed twice; give it once with the highest level."];
            }
            if (!SkillLevels.TryParse(need.Level, out var level) || level == SkillLevels.None)
            {
                errors[at + ".level"] = [$"Give the level needed: {SkillLevels.Expected}, above none."];
            }
            var people = need.People ?? 1;
            if (people is < 1 or > MaxPeoplePerNeed)
            {
                errors[at + ".people"] = [$"Between 1 and {MaxPeoplePerNeed} people."];
            }
            needs.Add(new InitiativeNeed { Skill = skill, SkillKey = SkillNames.Key(skill), Level = level, People = people });
        }
        if (errors.Count > 0)
        {
            throw ProblemException.InvalidFields("The initiative was not saved", errors);
        }
        initiative.Name = name;
        initiative.StartsOn = request.StartsOn!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        initiative.EndsOn = request.EndsOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        // Needs are replaced as a whole: a need is its skill, level and head count, nothing refers to it.
        db.InitiativeNeeds.RemoveRange(initiative.Needs);
        initiative.Needs.Clear();
        initiative.Needs.AddRange(needs);
    }

    private static InitiativeView View(Initiative i, TeamRef team) => new(i.Id, team, i.Name, DateOnly.FromDateTime(i.StartsOn),
        i.EndsOn is DateTime end ? DateOnly.FromDateTime(end) : null,
        [.. i.Needs.OrderBy(n => n.Id).Select(n => new NeedView(n.Skill, n.Level, SkillLevels.Name(n.Level), n.People))]);

    private static AssumptionsView View(TeamBuildOrHire? row)
    {
        if (row is null)
        {
            var d = new BuildOrHireAssumptions();
            return new(d.WeeksPerLevelStep, d.LearningShare, d.WeeksToHire, d.RampUpWeeks, (long)d.AnnualCost, (long)d.RecruitingCost, d.WorkingWeeksPerYear, true);
        }
        return new(row.WeeksPerLevelStep, row.LearningShare, row.WeeksToHire, row.RampUpWeeks, row.AnnualCost, row.RecruitingCost, row.WorkingWeeksPerYear, false);
    }

    private static BuildOrHireAssumptions Assumptions(AssumptionsView a) =>
        new(a.WeeksPerLevelStep, a.LearningShare, a.WeeksToHire, a.RampUpWeeks, a.AnnualCost, a.RecruitingCost, a.WorkingWeeksPerYear);

    private static ProblemException NoInitiative(TeamRef team, int id) => ProblemException.NotFound($"{team.Name} has no initiative {id}.");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
