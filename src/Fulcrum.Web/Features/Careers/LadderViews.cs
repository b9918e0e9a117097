using System.Text;
using Fulcrum.Core.Careers;
using Fulcrum.Core.Organisation;

namespace Fulcrum.Web.Features.Careers;

public sealed record LadderScaleView(IReadOnlyList<Rating> Ratings, string Meets);

/// <summary>What one level expects in one competency.</summary>
public sealed record LadderCellView(string Competency, IReadOnlyList<string> Expectations, IReadOnlyList<string> Evidence);

/// <param name="Track">The track the level belongs to; null for a shared level (before the fork).</param>
public sealed record LadderLevelView(int Level, string? Track, bool Shared, string Title, string? Summary, string? Meets, IReadOnlyList<LadderCellView> Competencies);

/// <summary>A ladder as the API, the CLI's JSON and the pages see it. Every level lists every competency, in ladder order.</summary>
public sealed record LadderView(
    string Id, string Name, string? Description, string Source, bool Active, bool BuiltIn, DateTime? ImportedAt,
    LadderScaleView Scale, IReadOnlyList<Competency> Competencies, IReadOnlyList<LadderTrack> Tracks, int? ForkAt,
    IReadOnlyList<LadderLevelView> Levels)
{
    public static LadderView From(StoredLadder stored)
    {
        var (summary, ladder) = (stored.Summary, stored.Ladder);
        return new(ladder.Id, ladder.Name, ladder.Description, summary.Source, summary.Active, summary.BuiltIn, summary.ImportedAt,
            new(ladder.Scale.Ratings, ladder.Scale.Meets), ladder.Competencies, ladder.Tracks, ladder.ForkAt,
            [.. ladder.Levels.Select(l => new LadderLevelView(l.Number, l.TrackId, l.IsShared, l.Title, l.Summary, l.Meets,
                [.. ladder.Competencies.Select(c => l.For(c.Id)).Select(e => new LadderCellView(e.CompetencyId, e.Expectations, e.Evidence))]))]);
    }
}

public sealed record UnmappedView(string? Source, int Line, string Item, string Reason, string Text);

/// <summary>What an import carried over (counts in the new ladder), what it could not (item by item), and the choices it made.</summary>
public sealed record ImportReportView(
    int Tracks, int Levels, int Competencies, int Expectations, int Evidence, IReadOnlyList<UnmappedView> Unmapped, IReadOnlyList<string> Notes)
{
    public static ImportReportView From(ImportReport report) =>
        new(report.Tracks, report.Levels, report.Competencies, report.Expectations, report.Evidence,
            [.. report.Unmapped.Select(u => new UnmappedView(u.Source, u.Line, u.Item, u.Reason, u.ToString()))], report.Notes);
}

/// <param name="Format">The format the files were read as: fulcrum, ft, monzo or snowflake.</param>
/// <param name="Replaced">True when a ladder with the same id was overwritten.</param>
public sealed record LadderImportView(LadderSummary Ladder, string Format, bool Replaced, ImportReportView Report);

/// <param name="Track">The track asked for (a shared level belongs to every track).</param>
public sealed record ComparedLevel(string Track, string TrackName, int Level, string Title, bool Shared);

public sealed record FoundationLevel(int Level, string Title);

public sealed record CompetencyShiftView(string Competency, string Name, IReadOnlyList<string> Shared, IReadOnlyList<string> New, IReadOnlyList<string> Dropped, bool Unchanged);

/// <summary>A track switch side by side (<see cref="TrackSwitch.Compare"/>): per competency what stays, what is new, what is dropped.</summary>
public sealed record TrackSwitchView(
    string Ladder, string LadderName, ComparedLevel From, ComparedLevel To, bool SameLevel, IReadOnlyList<FoundationLevel> Foundation,
    int SharedCount, int NewCount, int DroppedCount, IReadOnlyList<CompetencyShiftView> Competencies);

/// <summary>
/// Track switches asked for the way people say them: a track by its id on the ladder or by the
/// organisation's career track (<c>ic</c>, <c>management</c>), one level for both sides or one each.
/// </summary>
public static class LadderComparison
{
    /// <summary>The ladder's track for an id or a career track ("ic", "management", "engineering manager"); null when it has none.</summary>
    public static LadderTrack? ResolveTrack(Ladder ladder, string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }
        var trimmed = key.Trim();
        return ladder.FindTrack(trimmed) ?? ladder.FindTrack(trimmed.ToLowerInvariant())
            ?? ladder.TrackForCareerTrack(CareerTracks.Normalise(trimmed));
    }

    /// <summary>The usual comparison to start from: IC into management at the fork (or the first two tracks, or the first level and the next).</summary>
    public static (string From, string To, int Level) Defaults(Ladder ladder)
    {
        var from = ladder.TrackForCareerTrack(CareerTracks.IndividualContributor) ?? ladder.Tracks[0];
        var to = ladder.TrackForCareerTrack(CareerTracks.Management) ?? ladder.Tracks.FirstOrDefault(t => t != from) ?? from;
        var level = ladder.ForkAt ?? ladder.LevelsOf(from.Id).Min(l => l.Number);
        return (from.Id, to.Id, level);
    }

    public static bool TryCompare(
        Ladder ladder, LadderSummary summary, string? from, string? to, int? fromLevel, int? toLevel,
        out TrackSwitchView? view, out string? problem)
    {
        view = null;
        var problems = new List<string>();
        var fromTrack = Track(ladder, "from", from, problems);
        var toTrack = Track(ladder, "to", to, problems);
        if (fromLevel is null)
        {
            problems.Add("from level: say which level to compare (level, or from-level and to-level)");
        }
        if (toLevel is null)
        {
            problems.Add("to level: say which level to compare (level, or from-level and to-level)");
        }
        var fromAt = fromTrack is null || fromLevel is null ? null : ladder.LevelAt(fromTrack.Id, fromLevel.Value);
        var toAt = toTrack is null || toLevel is null ? null : ladder.LevelAt(toTrack.Id, toLevel.Value);
        if (fromTrack is not null && fromLevel is not null && fromAt is null)
        {
            problems.Add($"from: the {fromTrack.Name} track has no level {fromLevel} ({Levels(ladder, fromTrack)})");
        }
        if (toTrack is not null && toLevel is not null && toAt is null)
        {
            problems.Add($"to: the {toTrack.Name} track has no level {toLevel} ({Levels(ladder, toTrack)})");
        }
        if (problems.Count > 0)
        {
            problem = string.Join("; ", problems);
            return false;
        }
        var comparison = TrackSwitch.Compare(ladder, fromTrack!.Id, fromLevel!.Value, toTrack!.Id, toLevel!.Value);
        view = new(summary.Id, summary.Name,
            Side(fromTrack, comparison.From), Side(toTrack, comparison.To), comparison.SameLevel,
            [.. comparison.Foundation.Select(l => new FoundationLevel(l.Number, l.Title))],
            comparison.SharedCount, comparison.NewCount, comparison.DroppedCount,
            [.. comparison.Competencies.Select(c => new CompetencyShiftView(c.Competency.Id, c.Competency.Name, c.Shared, c.New, c.Dropped, c.Unchanged))]);
        problem = null;
        return true;
    }

    private static ComparedLevel Side(LadderTrack track, LadderLevel level) => new(track.Id, track.Name, level.Number, level.Title, level.IsShared);

    private static LadderTrack? Track(Ladder ladder, string side, string? key, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            problems.Add($"{side}: say which track ({string.Join(", ", ladder.Tracks.Select(t => t.Id))})");
            return null;
        }
        var track = ResolveTrack(ladder, key);
        if (track is null)
        {
            problems.Add($"{side}: the ladder '{ladder.Id}' has no track '{key.Trim()}' (it has {string.Join(", ", ladder.Tracks.Select(t => t.Id))})");
        }
        return track;
    }

    private static string Levels(Ladder ladder, LadderTrack track)
    {
        var numbers = ladder.LevelsOf(track.Id).Select(l => l.Number).ToList();
        return numbers.Count == 0 ? "it has none" : $"it runs from {numbers.Min()} to {numbers.Max()}";
    }
}

/// <summary>Sentences about a ladder that the pages, the CLI and the Markdown say alike.</summary>
public static class LadderText
{
    /// <summary>Where the tracks part: "Levels 1–4 are shared by every track; the tracks fork at level 5."</summary>
    public static string Fork(Ladder ladder)
    {
        var lowest = ladder.Levels.Min(l => l.Number);
        return ladder.ForkAt switch
        {
            null when ladder.Tracks.Count > 1 => "Every level is shared by every track.",
            null => "",
            int fork when fork <= lowest => "The tracks share no levels: each has its own from the first.",
            int fork when fork - 1 == lowest => $"Level {lowest} is shared by every track; the tracks fork at level {fork}.",
            int fork => $"Levels {lowest}–{fork - 1} are shared by every track; the tracks fork at level {fork}.",
        };
    }

    /// <summary>"Level 5: Senior Engineer", or "Level 3" alone when that is the title (Monzo's levels have no titles).</summary>
    public static string Name(LadderLevel level) =>
        level.Title == $"Level {level.Number}" ? level.Title : $"Level {level.Number}: {level.Title}";

    /// <summary>The track a level belongs to, or that it is shared.</summary>
    public static string Where(Ladder ladder, LadderLevel level) =>
        level.TrackId is null ? "shared by every track" : ladder.FindTrack(level.TrackId)?.Name ?? level.TrackId;
}

/// <summary>A ladder as Markdown: a title, then a self-contained section per level with what it expects per competency.</summary>
public static class LadderMarkdown
{
    /// <param name="trackId">Only the levels of this track (the shared ones and its own).</param>
    /// <param name="level">Only this level.</param>
    public static string Write(Ladder ladder, string? trackId = null, int? level = null)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(ladder.Name).AppendLine();
        if (ladder.Description is { } description)
        {
            md.AppendLine(description.Trim()).AppendLine();
        }
        md.Append("Tracks: ").AppendJoin(", ", ladder.Tracks.Select(t => t.Name)).Append(". ").AppendLine(LadderText.Fork(ladder)).AppendLine();
        var levels = (trackId is null ? ladder.Levels : ladder.LevelsOf(trackId)).Where(l => level is null || l.Number == level);
        foreach (var section in levels)
        {
            md.AppendLine($"## {LadderText.Name(section)} ({LadderText.Where(ladder, section)})").AppendLine();
            if (section.Summary is { } summary)
            {
                md.AppendLine(summary).AppendLine();
            }
            foreach (var competency in ladder.Competencies)
            {
                var cell = section.For(competency.Id);
                if (cell.IsEmpty)
                {
                    continue;
                }
                md.AppendLine($"### {competency.Name}").AppendLine();
                foreach (var expectation in cell.Expectations)
                {
                    md.Append("- ").AppendLine(expectation);
                }
                if (cell.Evidence.Count > 0)
                {
                    md.AppendLine().AppendLine("Evidence might look like:").AppendLine();
                    foreach (var evidence in cell.Evidence)
                    {
                        md.Append("- ").AppendLine(evidence);
                    }
                }
                md.AppendLine();
            }
        }
        return md.ToString().TrimEnd() + "\n";
    }
}
