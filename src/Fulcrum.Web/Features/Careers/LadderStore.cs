using Fulcrum.Core;
using Fulcrum.Core.Careers;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using static Fulcrum.Core.Wording;

namespace Fulcrum.Web.Features.Careers;

/// <summary>A ladder as listed: what it is, where it came from, whether it is the active one.</summary>
/// <param name="Source">fulcrum, ft, monzo or snowflake for imported ladders; built-in for Fulcrum's default.</param>
public sealed record LadderSummary(
    string Id, string Name, string Source, bool Active, bool BuiltIn, DateTime? ImportedAt,
    int Tracks, int Levels, int Competencies, int? ForkAt);

/// <summary>A ladder and how it is stored.</summary>
public sealed record StoredLadder(LadderSummary Summary, Ladder Ladder);

/// <summary>What an import stored: the ladder, the format it was read as, and the importer's report.</summary>
/// <param name="Replaced">True when a ladder with the same id was overwritten.</param>
public sealed record LadderImported(LadderSummary Ladder, LadderFormat Format, ImportReport Report, bool Replaced);

/// <summary>
/// The organisation's ladders. The active one is what people are placed on, assessed against and
/// what kudos and achievements name competencies of; until a ladder is imported and made active,
/// that is Fulcrum's built-in default ladder. Exactly one ladder is active at any time: a stored
/// one marked so, or else the built-in one. Ladders are stored as Fulcrum ladder files, whatever
/// format they came in, so every ladder reads back through <see cref="LadderFile.Parse"/>.
/// </summary>
public sealed class LadderStore(FulcrumDbContext db, TimeProvider clock)
{
    public const string BuiltInSource = "built-in";
    public const int MaxNameLength = 200;

    /// <summary>The id of the ladder Fulcrum ships (<c>fulcrum-engineering</c>).</summary>
    public static string BuiltInId => DefaultLadder.Load().Id;

    public async Task<Ladder> ActiveAsync(CancellationToken cancellationToken = default) =>
        (await FindActiveAsync(cancellationToken)).Ladder;

    /// <summary>
    /// Every stored ladder by name, and the built-in one unless a stored ladder has taken its id:
    /// the built-in ladder can always be made active again.
    /// </summary>
    public async Task<IReadOnlyList<LadderSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = await db.Ladders.AsNoTracking().ToListAsync(cancellationToken);
        var activeId = ActiveId(records);
        var list = records.Select(r => Summarise(r, Read(r.Yaml), activeId)).ToList();
        if (list.All(l => l.Id != BuiltInId))
        {
            list.Add(BuiltIn(activeId));
        }
        return [.. list.OrderByDescending(l => l.Active).ThenBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(l => l.Id, StringComparer.Ordinal)];
    }

    /// <summary>A stored ladder, or the built-in one by its id; null when there is no such ladder.</summary>
    public async Task<StoredLadder?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        var activeId = await ActiveIdAsync(cancellationToken);
        var record = await db.Ladders.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (record is not null)
        {
            var ladder = Read(record.Yaml);
            return new(Summarise(record, ladder, activeId), ladder);
        }
        return id == BuiltInId ? new(BuiltIn(activeId), DefaultLadder.Load()) : null;
    }

    /// <summary>The active ladder with how it is stored.</summary>
    public async Task<StoredLadder> FindActiveAsync(CancellationToken cancellationToken = default) =>
        await FindAsync(await ActiveIdAsync(cancellationToken), cancellationToken)
        ?? throw new InvalidOperationException("the active ladder vanished while it was read");

    /// <summary>The ladder file as stored (the built-in one with its comments); null when there is no such ladder.</summary>
    public async Task<string?> FileAsync(string id, CancellationToken cancellationToken = default)
    {
        var yaml = await db.Ladders.Where(l => l.Id == id).Select(l => l.Yaml).SingleOrDefaultAsync(cancellationToken);
        return yaml ?? (id == BuiltInId ? DefaultLadder.Text() : null);
    }

    /// <summary>
    /// Imports one ladder from one or more files (several only for Monzo pages), all or nothing:
    /// nothing is stored unless the whole import succeeds; otherwise every located problem is named
    /// (<see cref="ProblemKind.Invalid"/>, the entries <see cref="LadderProblem"/>s). A ladder whose id
    /// is taken — by a stored ladder or the built-in one — is refused (<see cref="ProblemKind.Conflict"/>)
    /// unless <paramref name="replace"/> says to overwrite it; a replaced ladder stays active if it was.
    /// </summary>
    public async Task<LadderImported> ImportAsync(
        IReadOnlyList<ImportFile> files, LadderFormat? format, bool activate, bool replace, CancellationToken cancellationToken = default)
    {
        var result = LadderImport.Import(files, format);
        if (!result.Succeeded)
        {
            throw NotImported(result.Problems);
        }
        var ladder = result.Ladder;
        if (ladder.Name.Length > MaxNameLength)
        {
            throw NotImported([new LadderProblem(files.Count == 1 ? files[0].Name : null, 0, "name",
                $"a ladder's name has at most {MaxNameLength} characters; this one has {ladder.Name.Length}")]);
        }
        // The name is a column of its own; the rest of the ladder is stored as YAML, which escapes control characters.
        if (TextRules.Problem(ladder.Name, db.Model.Text<LadderRecord>(nameof(LadderRecord.Name))) is { } nameProblem)
        {
            throw NotImported([new LadderProblem(files.Count == 1 ? files[0].Name : null, 0, "name", $"a ladder's name {nameProblem}")]);
        }
        var yaml = LadderFile.Write(ladder);
        // Stored ladders must read back: refuse here rather than store something the pages cannot show.
        var reread = LadderFile.Parse(yaml, ladder.Id + ".yaml");
        if (!reread.Succeeded)
        {
            throw NotImported(reread.Problems);
        }

        var source = LadderImport.Key(result.Format!.Value);
        var existing = await db.Ladders.SingleOrDefaultAsync(l => l.Id == ladder.Id, cancellationToken);
        if (!replace)
        {
            if (existing is not null)
            {
                throw IdTaken(
                    $"A ladder with the id '{ladder.Id}' is already stored ('{existing.Name}', imported {existing.ImportedAt:yyyy-MM-dd} from {existing.Source}). Import it with replace to overwrite it, or change the id.");
            }
            if (ladder.Id == BuiltInId)
            {
                throw IdTaken(
                    $"'{ladder.Id}' is the id of Fulcrum's built-in ladder. Import it with replace to use your version in its place, or change the id.");
            }
        }

        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        var replaced = existing is not null || ladder.Id == BuiltInId;
        if (existing is null)
        {
            existing = db.Ladders.Add(new LadderRecord { Id = ladder.Id, Name = ladder.Name, Source = source, Yaml = yaml }).Entity;
        }
        existing.Name = ladder.Name;
        existing.Source = source;
        existing.Yaml = yaml;
        existing.ImportedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        if (activate)
        {
            await MakeOnlyActiveAsync(ladder.Id, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new(Summarise(existing, ladder, await ActiveIdAsync(cancellationToken)), result.Format!.Value, result.Report, replaced);
    }

    /// <summary>Makes a ladder the active one (the only one). Null when there is no such ladder.</summary>
    public async Task<LadderSummary?> ActivateAsync(string id, CancellationToken cancellationToken = default)
    {
        var record = await db.Ladders.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (record is null && id != BuiltInId)
        {
            return null;
        }
        await MakeOnlyActiveAsync(id, cancellationToken);
        return record is null ? BuiltIn(id) : Summarise(record, Read(record.Yaml), id);
    }

    /// <summary>
    /// Removes a stored ladder; false when there is no such ladder. Refused (<see cref="ProblemKind.Conflict"/>)
    /// for the built-in ladder, and for the active ladder while people are placed on it (a track and a
    /// level): make another ladder active first. Placements recorded on a removed ladder stay in
    /// people's history with its id.
    /// </summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        var record = await db.Ladders.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (record is null)
        {
            return id == BuiltInId
                ? throw InUse($"'{id}' is Fulcrum's built-in ladder; it cannot be removed. Make another ladder active to use that one instead.")
                : false;
        }
        if (record.Id == await ActiveIdAsync(cancellationToken))
        {
            var placed = await db.People.CountAsync(p => p.Track != null && p.Level != null, cancellationToken);
            if (placed > 0)
            {
                throw InUse(
                    $"{record.Name} is the active ladder and {(placed == 1 ? "1 person is" : $"{placed} people are")} placed on it; make another ladder active first.");
            }
        }
        db.Ladders.Remove(record);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The ladder of a stored file. Stored ladders were checked on import; one that no longer reads is a bug, not bad input.</summary>
    public static Ladder Read(string yaml)
    {
        var parsed = LadderFile.Parse(yaml);
        return parsed.Ladder ?? throw new InvalidOperationException(
            "A ladder in the database does not read: " + string.Join("; ", parsed.Problems.Select(p => p.ToString())));
    }

    /// <summary>
    /// One statement over every row, so two leaders activating at once still leave exactly one
    /// ladder active (the last one). The built-in id matches no row unless a stored ladder took it.
    /// </summary>
    private Task<int> MakeOnlyActiveAsync(string id, CancellationToken cancellationToken) =>
        db.Ladders.ExecuteUpdateAsync(set => set.SetProperty(l => l.IsActive, l => l.Id == id), cancellationToken);

    /// <summary>
    /// The id of the active ladder: the stored one marked active, else the built-in id — which a
    /// stored ladder of that id (someone's own version of the default) stands in for.
    /// </summary>
    private async Task<string> ActiveIdAsync(CancellationToken cancellationToken) =>
        await db.Ladders.Where(l => l.IsActive).OrderBy(l => l.Id).Select(l => l.Id).FirstOrDefaultAsync(cancellationToken) ?? BuiltInId;

    private static string ActiveId(IEnumerable<LadderRecord> records) => records.Where(r => r.IsActive).Select(r => r.Id).Order(StringComparer.Ordinal).FirstOrDefault() ?? BuiltInId;

    private static LadderSummary Summarise(LadderRecord record, Ladder ladder, string activeId) =>
        new(record.Id, record.Name, record.Source, record.Id == activeId, false, record.ImportedAt,
            ladder.Tracks.Count, ladder.Levels.Count, ladder.Competencies.Count, ladder.ForkAt);

    private static LadderSummary BuiltIn(string activeId)
    {
        var ladder = DefaultLadder.Load();
        return new(ladder.Id, ladder.Name, BuiltInSource, ladder.Id == activeId, true, null,
            ladder.Tracks.Count, ladder.Levels.Count, ladder.Competencies.Count, ladder.ForkAt);
    }

    /// <summary>Nothing was stored: every problem, located; the message counts them and names the first.</summary>
    private static ProblemException NotImported(IReadOnlyList<LadderProblem> problems) =>
        ProblemException.Invalid("The ladder was not imported", problems,
            $"{Count(problems.Count, "problem")}; nothing was stored. First: {problems[0]}");

    private static ProblemException IdTaken(string reason) => ProblemException.Conflict("A ladder with this id exists", reason);

    private static ProblemException InUse(string reason) => ProblemException.Conflict("The ladder is in use", reason);
}
