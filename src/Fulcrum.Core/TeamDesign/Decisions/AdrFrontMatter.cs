using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fulcrum.Core.TeamDesign;

/// <summary>One top-level entry of a decision record's front matter.</summary>
/// <param name="Raw">The value's YAML text exactly as written after the colon (a block value starts with a line break),
/// so that an entry Fulcrum does not understand can be written back unchanged.</param>
internal sealed record FrontMatterEntry(string Key, YamlNode Value, int Line, string Raw)
{
    /// <summary>What to add to a YAML line to get the file's line.</summary>
    public int LineOffset { get; init; }

    public int LineOf(YamlNode node) => (int)node.Start.Line + LineOffset;
}

/// <summary>
/// The YAML between the opening and closing <c>---</c> lines, parsed with YamlDotNet's representation
/// model so every value keeps its line. Problems carry the file's line numbers, not the YAML's.
/// </summary>
internal static class AdrFrontMatter
{
    /// <param name="firstLine">The file line the YAML starts on (the line after the opening <c>---</c>).</param>
    public static IReadOnlyList<FrontMatterEntry>? Parse(string yaml, int firstLine, string file, List<AdrProblem> problems)
    {
        var offset = firstLine - 1;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && e.Message.StartsWith("(Line", StringComparison.Ordinal) ? inner.Message : e.Message;
            var at = message.IndexOf("(Line", StringComparison.Ordinal);
            message = at > 0 ? message[..at].TrimEnd() : message;
            // An unclosed bracket is found only at the end of the text; name the last line of the front matter, not the '---' after it.
            var lastLine = firstLine + yaml.Count(c => c == '\n');
            problems.Add(new(file, Math.Min((int)e.Start.Line + offset, lastLine), "front matter", $"not valid YAML: {message}"));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these on some malformed input without a position.
            problems.Add(new(file, firstLine, "front matter", "not valid YAML (an unclosed bracket or quote?)"));
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return [];
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            problems.Add(new(file, (int)stream.Documents[0].RootNode.Start.Line + offset, "front matter",
                "the front matter is not a mapping: write one 'key: value' per line"));
            return null;
        }
        var entries = new List<FrontMatterEntry>();
        var children = map.Children.ToList();
        for (var i = 0; i < children.Count; i++)
        {
            var (key, value) = children[i];
            var next = i + 1 < children.Count ? (int)children[i + 1].Key.Start.Index : yaml.Length;
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                problems.Add(new(file, (int)key.Start.Line + offset, "front matter", "a key must be a plain word, such as status or date"));
                continue;
            }
            entries.Add(new(name, value, (int)key.Start.Line + offset, RawValue(yaml, key, value, next)) { LineOffset = offset });
        }
        return entries;
    }

    /// <param name="next">Where the next key starts: YamlDotNet does not give a block list or mapping its end.</param>
    private static string RawValue(string yaml, YamlNode key, YamlNode value, int next)
    {
        var colon = yaml.IndexOf(':', (int)key.End.Index);
        var start = colon < 0 ? (int)value.Start.Index : colon + 1;
        var end = Math.Max(start, value is YamlScalarNode ? (int)value.End.Index : next);
        return yaml[start..Math.Min(end, yaml.Length)].TrimStart(' ', '\t').TrimEnd();
    }

    /// <summary>A scalar's text, trimmed; null when empty or YAML's null. Not a scalar: a problem.</summary>
    public static string? Text(FrontMatterEntry entry, string file, List<AdrProblem> problems)
    {
        if (entry.Value is YamlScalarNode scalar)
        {
            return IsNull(scalar) ? null : scalar.Value!.Trim();
        }
        problems.Add(new(file, entry.Line, entry.Key, "expected a single value on the same line, not a list or mapping"));
        return null;
    }

    /// <summary>Names as a YAML list or a comma-separated string, each trimmed, empties dropped.</summary>
    public static IReadOnlyList<(string Name, int Line)> Names(FrontMatterEntry entry, string file, List<AdrProblem> problems)
    {
        switch (entry.Value)
        {
            case YamlScalarNode scalar:
                return IsNull(scalar) ? [] : Split(scalar.Value!, entry.Line);
            case YamlSequenceNode sequence:
                var names = new List<(string, int)>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode itemScalar)
                    {
                        if (!IsNull(itemScalar) && itemScalar.Value!.Trim().Length > 0)
                        {
                            names.Add((itemScalar.Value!.Trim(), entry.LineOf(item)));
                        }
                    }
                    else
                    {
                        problems.Add(new(file, entry.LineOf(item), entry.Key, "each name must be plain text (a name or an email)"));
                    }
                }
                return names;
            default:
                problems.Add(new(file, entry.Line, entry.Key, "expected names as a list or separated by commas"));
                return [];
        }
    }

    public static IReadOnlyList<(string Name, int Line)> Split(string text, int line) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name => (name, line)).ToList();

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Value is null || (scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL");
}
