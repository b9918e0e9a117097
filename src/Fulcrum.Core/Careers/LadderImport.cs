using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Fulcrum.Core.Careers;

/// <summary>The ladder formats Fulcrum reads.</summary>
public enum LadderFormat
{
    /// <summary>Fulcrum's own ladder file (<see cref="LadderFile"/>).</summary>
    Fulcrum,

    /// <summary>A Financial Times engineering-progression job-family YAML file.</summary>
    FinancialTimes,

    /// <summary>Monzo progression-framework Markdown files with YAML front-matter, one per track.</summary>
    Monzo,

    /// <summary>Medium's Snowflake tracks and milestones: its constants.js, or the same data as JSON.</summary>
    Snowflake,
}

/// <summary>One input file: the name it had (shown in problems and used for track ids) and its text.</summary>
public sealed record ImportFile(string Name, string Text);

/// <summary>Something in the source that has no place in a Fulcrum ladder, and why.</summary>
public sealed record UnmappedItem(string? Source, int Line, string Item, string Reason)
{
    public override string ToString()
    {
        var where = Source is null ? (Line > 0 ? $"line {Line}: " : "") : Line > 0 ? $"{Source}, line {Line}: " : $"{Source}: ";
        return $"{where}{Item}: {Reason}";
    }
}

/// <summary>
/// What an import carried over (counted in the new ladder) and what it could not, item by item.
/// <see cref="Notes"/> says where the importer made a choice the source did not spell out.
/// </summary>
public sealed record ImportReport(
    int Tracks,
    int Levels,
    int Competencies,
    int Expectations,
    int Evidence,
    IReadOnlyList<UnmappedItem> Unmapped,
    IReadOnlyList<string> Notes);

/// <summary>A ladder with its report, or every problem and nothing else: an import is all or nothing.</summary>
public sealed record LadderImportResult(Ladder? Ladder, LadderFormat? Format, ImportReport? Report, IReadOnlyList<LadderProblem> Problems)
{
    [MemberNotNullWhen(true, nameof(Ladder), nameof(Report))]
    public bool Succeeded => Ladder is not null;
}

/// <summary>
/// Reads published career frameworks into a Fulcrum ladder: Financial Times job families, Monzo
/// framework pages and Medium's Snowflake. What maps to what, and what is reported as unmapped, is
/// described per format in docs/careers.md. Imports use <see cref="RatingScale.Default"/>: none of
/// these formats defines an assessment scale.
/// </summary>
public static partial class LadderImport
{
    public static LadderImportResult Import(string text, LadderFormat? format = null, string name = "input") =>
        Import([new ImportFile(name, text)], format);

    /// <summary>
    /// Imports one or more files of one format. The format is detected from the content when not
    /// given. Several files are only meaningful for Monzo, where each page is a track.
    /// </summary>
    public static LadderImportResult Import(IReadOnlyList<ImportFile> files, LadderFormat? format = null)
    {
        if (files.Count == 0)
        {
            return Failed(null, new LadderProblem(null, 0, "(files)", "give at least one file to import"));
        }
        if (format is null)
        {
            var detected = files.Select(f => (File: f, Format: Detect(f))).ToList();
            var unknown = detected.Where(d => d.Format is null).Select(d => d.File.Name).ToList();
            if (unknown.Count > 0)
            {
                return Failed(null, [.. unknown.Select(n => new LadderProblem(n, 0, "(file)",
                    "could not tell the format; give it explicitly (fulcrum, ft, monzo or snowflake)"))]);
            }
            var formats = detected.Select(d => d.Format!.Value).Distinct().ToList();
            if (formats.Count > 1)
            {
                return Failed(null, new LadderProblem(null, 0, "(files)", "the files are in different formats: "
                    + string.Join(", ", detected.Select(d => $"{d.File.Name} ({Key(d.Format!.Value)})")) + "; import one format at a time"));
            }
            format = formats[0];
        }
        if (format != LadderFormat.Monzo && files.Count > 1)
        {
            return Failed(format, new LadderProblem(null, 0, "(files)",
                $"a {Key(format.Value)} ladder is one file; got {files.Count}. Only Monzo frameworks come as several pages"));
        }

        var context = new ImportContext();
        LadderDraft? draft = format switch
        {
            LadderFormat.Fulcrum => null,
            LadderFormat.FinancialTimes => FinancialTimesImport.Read(files[0], context),
            LadderFormat.Monzo => MonzoImport.Read(files, context),
            LadderFormat.Snowflake => SnowflakeImport.Read(files[0], context),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        if (format == LadderFormat.Fulcrum)
        {
            var parsed = LadderFile.Parse(files[0].Text, files[0].Name);
            return parsed.Succeeded
                ? new(parsed.Ladder, format, Report(parsed.Ladder, context), [])
                : Failed(format, [.. parsed.Problems]);
        }
        if (draft is null || context.Problems.Count > 0)
        {
            return Failed(format, [.. context.Problems]);
        }
        // The same rules as a ladder file: an import that would break them is refused, located in its source.
        var result = draft.ToResult(context.MainSource, []);
        return result.Succeeded
            ? new(result.Ladder, format, Report(result.Ladder, context), [])
            : Failed(format, [.. result.Problems]);
    }

    /// <summary>The format a file is in, judged from its content (and its name for Monzo pages); null when unsure.</summary>
    public static LadderFormat? Detect(ImportFile file)
    {
        var text = file.Text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("---", StringComparison.Ordinal))
        {
            return MonzoFrontMatter().IsMatch(text) ? LadderFormat.Monzo : null;
        }
        if (text.Contains("export const tracks", StringComparison.Ordinal)
            || text.StartsWith('{') && text.Contains("\"milestones\"", StringComparison.Ordinal))
        {
            return LadderFormat.Snowflake;
        }
        if (TopKey("ladder").IsMatch(text) && TopKey("rating-scale").IsMatch(text))
        {
            return LadderFormat.Fulcrum;
        }
        if (TopKey("themes").IsMatch(text) && TopKey("competencies").IsMatch(text) && TopKey("levels").IsMatch(text))
        {
            return LadderFormat.FinancialTimes;
        }
        return null;
    }

    /// <summary>The short names people type: fulcrum, ft, monzo, snowflake.</summary>
    public static LadderFormat? ParseFormat(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "fulcrum" => LadderFormat.Fulcrum,
        "ft" or "financial-times" or "financialtimes" => LadderFormat.FinancialTimes,
        "monzo" => LadderFormat.Monzo,
        "snowflake" or "medium" => LadderFormat.Snowflake,
        _ => null,
    };

    public static string Key(LadderFormat format) => format switch
    {
        LadderFormat.Fulcrum => "fulcrum",
        LadderFormat.FinancialTimes => "ft",
        LadderFormat.Monzo => "monzo",
        LadderFormat.Snowflake => "snowflake",
        _ => format.ToString().ToLowerInvariant(),
    };

    private static ImportReport Report(Ladder ladder, ImportContext context)
    {
        var cells = ladder.Levels.SelectMany(l => l.Competencies).ToList();
        return new(ladder.Tracks.Count, ladder.Levels.Count, ladder.Competencies.Count,
            cells.Sum(c => c.Expectations.Count), cells.Sum(c => c.Evidence.Count), context.Unmapped, context.Notes);
    }

    private static LadderImportResult Failed(LadderFormat? format, params LadderProblem[] problems) => new(null, format, null, problems);

    private static Regex TopKey(string key) => new($"^{Regex.Escape(key)}:", RegexOptions.Multiline);

    [GeneratedRegex(@"^(topics|yaml|sidebarGroup):", RegexOptions.Multiline)]
    private static partial Regex MonzoFrontMatter();
}

/// <summary>What an importer collects on its way: problems (fatal), unmapped items and notes.</summary>
internal sealed class ImportContext
{
    public List<LadderProblem> Problems { get; } = [];

    public List<UnmappedItem> Unmapped { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>The file named in problems the final ladder check finds (one-file formats).</summary>
    public string? MainSource { get; set; }

    public void Unmap(string? source, int line, string item, string reason) => Unmapped.Add(new(source, line, item, reason));

    public static void UseDefaultScale(LadderDraft draft)
    {
        draft.Ratings.AddRange(RatingScale.Default.Ratings.Select(r => new RatingDraft(r.Id, r.Label, r.Description, default)));
        draft.Meets = RatingScale.Default.Meets;
    }

    /// <summary>Which career track a name suggests: management for managers, leads and directors, ic for individual contributors.</summary>
    public static string? CareerTrackFromName(string text)
    {
        var t = text.ToLowerInvariant();
        if (t.Contains("individual contributor") || t.Contains("individual-contributor") || Regex.IsMatch(t, @"(^|[^a-z])ic([^a-z]|$)"))
        {
            return Organisation.CareerTracks.IndividualContributor;
        }
        if (Regex.IsMatch(t, @"manag|leadership|director|head of|\bvp\b|vice president|\bcto\b|chief|group lead|people manager|(^|[^a-z])pm([^a-z]|$)|(^|[^a-z])em([^a-z]|$)"))
        {
            return Organisation.CareerTracks.Management;
        }
        return null;
    }
}
