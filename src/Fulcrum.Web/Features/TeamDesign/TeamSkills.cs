using Fulcrum.Core;
using Fulcrum.Core.Csv;
using Fulcrum.Core.TeamDesign;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.TeamDesign;

/// <summary>One skill of a person as its readers see it: their own level and the level a lead confirmed.</summary>
public sealed record SkillView(string Skill, int? SelfLevel, string? SelfLevelName, int? ConfirmedLevel, string? ConfirmedLevelName,
    PersonRef? ConfirmedBy, DateTime? ConfirmedAt);

/// <param name="MayRate">The viewer is the person: they rate their own skills.</param>
/// <param name="MayConfirm">The viewer is in the person's manager chain: they confirm levels.</param>
public sealed record PersonSkillsView(PersonRef Person, bool MayRate, bool MayConfirm, IReadOnlyList<SkillView> Skills);

/// <param name="Level">A level from 0 to 4, or its name (none, aware, working, practitioner, expert).</param>
public sealed record SkillLevelRequest(string? Skill, string? Level);

/// <summary>
/// People's skills (docs/team-design.md): each person rates their own, someone in their manager chain
/// confirms, and a leader may import the whole matrix from a spreadsheet. A private record (ADR 0004):
/// the person and their manager chain read it; anyone else is told there are no skills of that person
/// for them. Methods take the acting person's id, so pages, the API and the demo share every rule.
/// </summary>
public sealed class TeamSkills(FulcrumDbContext db, PersonAccess access, TimeProvider clock)
{
    public async Task<PersonSkillsView> ForPersonAsync(int viewerId, int personId, CancellationToken cancellationToken = default)
    {
        var (person, lines) = await RequireReadableAsync(viewerId, personId, cancellationToken);
        var skills = await db.PersonSkills.AsNoTracking().Where(s => s.PersonId == personId).ToListAsync(cancellationToken);
        var confirmerIds = skills.Where(s => s.ConfirmedByPersonId is not null).Select(s => s.ConfirmedByPersonId!.Value).Distinct().ToList();
        var confirmers = await db.People.Where(p => confirmerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return new PersonSkillsView(person, viewerId == personId, lines.IsInManagerChain(viewerId, personId),
            [.. skills.OrderBy(s => s.Skill, StringComparer.OrdinalIgnoreCase).Select(s => View(s, confirmers))]);
    }

    /// <summary>The people whose skills the viewer may read: themselves first, then their reporting line by name.</summary>
    public async Task<IReadOnlyList<PersonRef>> ReadableAsync(int viewerId, CancellationToken cancellationToken = default)
    {
        var lines = await access.ReportingLinesAsync(cancellationToken);
        var people = await db.People.OrderBy(p => p.Name).Select(p => new PersonRef(p.Id, p.Name)).ToListAsync(cancellationToken);
        return [.. people.Where(p => p.Id == viewerId), .. people.Where(p => p.Id != viewerId && lines.IsInManagerChain(viewerId, p.Id))];
    }

    /// <summary>The person's own rating of a skill (added if new). Only the person rates themselves.</summary>
    public async Task<PersonSkillsView> RateAsync(int actorId, int personId, SkillLevelRequest request, CancellationToken cancellationToken = default)
    {
        await RequireReadableAsync(actorId, personId, cancellationToken);
        if (actorId != personId)
        {
            throw ProblemException.Forbidden("Not your skills", "A person rates their own skills; as their manager, confirm a level instead.");
        }
        var (skill, level) = Check(request);
        var row = await RowForChangeAsync(personId, skill, cancellationToken);
        row.SelfLevel = level;
        row.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return await ForPersonAsync(actorId, personId, cancellationToken);
    }

    /// <summary>A lead's confirmation of a person's level in a skill. Only their manager chain confirms; nobody confirms themselves.</summary>
    public async Task<PersonSkillsView> ConfirmAsync(int actorId, int personId, SkillLevelRequest request, CancellationToken cancellationToken = default)
    {
        var (_, lines) = await RequireReadableAsync(actorId, personId, cancellationToken);
        if (!lines.IsInManagerChain(actorId, personId))
        {
            throw ProblemException.Forbidden("Not your report", "Levels are confirmed by someone in the person's manager chain, not by the person.");
        }
        var (skill, level) = Check(request);
        var row = await RowForChangeAsync(personId, skill, cancellationToken);
        row.ConfirmedLevel = level;
        row.ConfirmedByPersonId = actorId;
        row.ConfirmedAt = Now();
        row.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return await ForPersonAsync(actorId, personId, cancellationToken);
    }

    /// <summary>Takes a skill off a person's list: the person themselves, or their manager chain.</summary>
    public async Task RemoveAsync(int actorId, int personId, string skill, CancellationToken cancellationToken = default)
    {
        await RequireReadableAsync(actorId, personId, cancellationToken);
        var key = SkillNames.Key(skill);
        var row = await db.PersonSkills.SingleOrDefaultAsync(s => s.PersonId == personId && s.SkillKey == key, cancellationToken)
            ?? throw ProblemException.NotFound($"Person {personId} has no skill '{Shorten(skill)}'.");
        db.PersonSkills.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The matrix from a spreadsheet (<see cref="SkillsCsv"/>): every row names a person by email and sets
    /// their own level and, when given, the confirmed level and who confirmed it. Rows update what is
    /// stored; skills not in the file stay. A file with any problem changes nothing.
    /// </summary>
    public async Task<ImportReport> ImportAsync(TextReader csv, CancellationToken cancellationToken = default)
    {
        var skillField = db.Model.Text<PersonSkill>(nameof(PersonSkill.Skill));
        var emailField = db.Model.Text<Person>(nameof(Person.Email));
        var read = SkillsCsv.Read(csv, new Dictionary<string, TextField>
        {
            ["email"] = emailField, ["skill"] = skillField, ["confirmed_by"] = emailField,
        });
        var people = await db.People.Select(p => new { p.Id, p.Email }).ToDictionaryAsync(p => p.Email, p => p.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var problems = read.Problems.ToList();
        foreach (var row in read.Rows)
        {
            if (!people.ContainsKey(row.Email))
            {
                problems.Add(new CsvProblem(row.Row, "email", $"nobody in the organisation has the email {row.Email}; import people first"));
            }
            if (row.ConfirmedBy is { } lead && !people.ContainsKey(lead))
            {
                problems.Add(new CsvProblem(row.Row, "confirmed_by", $"nobody in the organisation has the email {lead}"));
            }
            else if (row.ConfirmedBy is { } self && string.Equals(self, row.Email, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new CsvProblem(row.Row, "confirmed_by", "a person cannot confirm their own level; name their lead"));
            }
        }
        if (problems.Count > 0 || read.Rows.Count == 0)
        {
            return new ImportReport(0, 0, problems.Count > 0 ? [.. problems.OrderBy(p => p.Row)] : [new CsvProblem(0, "", "no skills to import")]);
        }

        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        var personIds = read.Rows.Select(r => people[r.Email]).Distinct().ToList();
        var stored = (await personIds.ToListInBatchesAsync(ids => db.PersonSkills.Where(s => ids.Contains(s.PersonId)), cancellationToken))
            .ToDictionary(s => (s.PersonId, s.SkillKey));
        var (created, updated) = (0, 0);
        var now = Now();
        foreach (var row in read.Rows)
        {
            var personId = people[row.Email];
            var key = SkillNames.Key(row.Skill);
            if (stored.TryGetValue((personId, key), out var skill))
            {
                updated++;
            }
            else
            {
                skill = db.PersonSkills.Add(new PersonSkill { PersonId = personId, Skill = row.Skill, SkillKey = key }).Entity;
                stored[(personId, key)] = skill;
                created++;
            }
            skill.SelfLevel = row.SelfLevel;
            if (row.ConfirmedLevel is int confirmed)
            {
                skill.ConfirmedLevel = confirmed;
                skill.ConfirmedByPersonId = row.ConfirmedBy is null ? null : people[row.ConfirmedBy];
                skill.ConfirmedAt = now;
            }
            skill.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportReport(created, updated, []);
    }

    /// <summary>The matrix as the import reads it, by email and skill: the skills of the people the viewer may read (themselves and their reporting line).</summary>
    public async Task ExportAsync(int viewerId, TextWriter writer, CancellationToken cancellationToken = default)
    {
        var readable = (await ReadableAsync(viewerId, cancellationToken)).Select(p => p.Id).ToHashSet();
        var rows = (await (from s in db.PersonSkills
                          join p in db.People on s.PersonId equals p.Id
                          join c in db.People on s.ConfirmedByPersonId equals c.Id into confirmers
                          from c in confirmers.DefaultIfEmpty()
                          select new { s.PersonId, p.Email, s.Skill, s.SelfLevel, s.ConfirmedLevel, Lead = c == null ? null : c.Email })
            .ToListAsync(cancellationToken)).Where(r => readable.Contains(r.PersonId));
        CsvOut.Write(writer, SkillsCsv.Columns,
            rows.OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Skill, StringComparer.OrdinalIgnoreCase)
                .Select(r => new string?[] { r.Email, r.Skill, Number(r.SelfLevel ?? r.ConfirmedLevel ?? 0), Number(r.ConfirmedLevel), r.Lead }));
    }

    private static string? Number(int? level) => level?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private (string Skill, int Level) Check(SkillLevelRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var skill = SkillNames.Clean(request.Skill ?? "");
        if (skill.Length == 0)
        {
            errors["skill"] = ["Name the skill."];
        }
        else if (TextRules.Sentence("A skill", skill, db.Model.Text<PersonSkill>(nameof(PersonSkill.Skill))) is { } problem)
        {
            errors["skill"] = [problem];
        }
        if (!SkillLevels.TryParse(request.Level, out var level))
        {
            errors["level"] = [$"Give {SkillLevels.Expected}."];
        }
        return errors.Count > 0 ? throw ProblemException.InvalidFields("The skill was not saved", errors) : (skill, level);
    }

    private async Task<PersonSkill> RowForChangeAsync(int personId, string skill, CancellationToken cancellationToken)
    {
        var key = SkillNames.Key(skill);
        return await db.PersonSkills.SingleOrDefaultAsync(s => s.PersonId == personId && s.SkillKey == key, cancellationToken)
            ?? db.PersonSkills.Add(new PersonSkill { PersonId = personId, Skill = skill, SkillKey = key, UpdatedAt = Now() }).Entity;
    }

    private async Task<(PersonRef Person, Core.Organisation.ReportingLines Lines)> RequireReadableAsync(int viewerId, int personId, CancellationToken cancellationToken)
    {
        var person = await db.People.Where(p => p.Id == personId).Select(p => new PersonRef(p.Id, p.Name)).SingleOrDefaultAsync(cancellationToken);
        var lines = await access.ReportingLinesAsync(cancellationToken);
        if (person is null || !Core.Access.PrivateRecordPolicy.CanRead(viewerId, personId, lines))
        {
            throw ProblemException.NotFound($"There are no skills of person {personId} for you.");
        }
        return (person, lines);
    }

    private static SkillView View(PersonSkill s, IReadOnlyDictionary<int, string> confirmers) => new(
        s.Skill, s.SelfLevel, s.SelfLevel is int self ? SkillLevels.Name(self) : null,
        s.ConfirmedLevel, s.ConfirmedLevel is int confirmed ? SkillLevels.Name(confirmed) : null,
        s.ConfirmedByPersonId is int by && confirmers.TryGetValue(by, out var name) ? new PersonRef(by, name) : null, s.ConfirmedAt);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
