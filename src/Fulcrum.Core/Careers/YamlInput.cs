using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fulcrum.Core.Careers;

/// <summary>
/// Reads YAML through YamlDotNet's representation model so that every value keeps its line, and
/// collects problems instead of throwing: a ladder file with five mistakes gets five messages.
/// Shared by the ladder file and the importers.
/// </summary>
internal sealed class YamlInput(string? source, int lineOffset = 0)
{
    public List<LadderProblem> Problems { get; } = [];

    public string? Source => source;

    /// <summary>The single document's root, or null (and a located problem) when the text is not YAML.</summary>
    public YamlNode? Load(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && e.Message.StartsWith("(Line", StringComparison.Ordinal) ? inner.Message : e.Message;
            Problems.Add(new(source, (int)e.Start.Line + lineOffset, "(file)", $"not valid YAML: {StripMark(message)}"));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these on some malformed input without a position; the line
            // is where the last readable piece of YAML ended.
            Problems.Add(new(source, LastReadableLine(text) + lineOffset, "(file)", "not valid YAML: the text after this line cannot be read (an unclosed bracket or quote?)"));
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            Problems.Add(new(source, 0, "(file)", "the file is empty"));
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            Problems.Add(new(source, Line(stream.Documents[1].RootNode), "(file)", "the file holds several YAML documents; give one"));
            return null;
        }
        return stream.Documents[0].RootNode;
    }

    private static int LastReadableLine(string text)
    {
        var line = 1;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                line = (int)parser.Current!.End.Line;
            }
        }
        catch (Exception)
        {
            // stop at the first piece that cannot be read
        }
        return line;
    }

    public int Line(YamlNode? node) => node is null ? 0 : (int)node.Start.Line + lineOffset;

    public void Problem(YamlNode? node, string field, string message) => Problems.Add(new(source, Line(node), field, message));

    public void Problem(int line, string field, string message) => Problems.Add(new(source, line, field, message));

    public YamlMappingNode? Mapping(YamlNode? node, string field)
    {
        if (node is YamlMappingNode map)
        {
            return map;
        }
        Problem(node, field, node is null || IsNull(node) ? "is missing; expected a mapping (key: value lines)" : "expected a mapping (key: value lines)");
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string field)
    {
        if (node is YamlSequenceNode seq)
        {
            return seq;
        }
        Problem(node, field, node is null || IsNull(node) ? "is missing; expected a list" : "expected a list (lines starting with '- ')");
        return null;
    }

    /// <summary>The value under a key, or null when the key is absent.</summary>
    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static bool Has(YamlMappingNode map, string key) => map.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>Reports every key not in the list, and keys that are not plain words.</summary>
    public void OnlyKeys(YamlMappingNode map, string field, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = key is YamlScalarNode s ? s.Value : null;
            if (name is null || !allowed.Contains(name))
            {
                Problem(key, Join(field, name ?? "?"), $"unknown key '{name}'; expected one of: {string.Join(", ", allowed)}");
            }
        }
    }

    /// <summary>A text value (trimmed), or null when absent or empty; reports a missing required one.</summary>
    public string? Text(YamlMappingNode map, string key, string field, bool required)
    {
        var node = Get(map, key);
        var path = Join(field, key);
        if (node is null || IsNull(node))
        {
            if (required)
            {
                Problem(node ?? (YamlNode)map, path, "is required");
            }
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            Problem(node, path, "expected text, not a list or mapping");
            return null;
        }
        var text = Clean(scalar.Value);
        if (text.Length == 0 && required)
        {
            Problem(node, path, "is required");
            return null;
        }
        return text.Length == 0 ? null : text;
    }

    public int? Integer(YamlMappingNode map, string key, string field, bool required)
    {
        var node = Get(map, key);
        var path = Join(field, key);
        if (node is null || IsNull(node))
        {
            if (required)
            {
                Problem(node ?? (YamlNode)map, path, "is required");
            }
            return null;
        }
        if (node is YamlScalarNode { Value: { } value } && int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        Problem(node, path, $"expected a whole number, not '{Describe(node)}'");
        return null;
    }

    /// <summary>A list of non-empty texts; absent means empty.</summary>
    public List<string> Texts(YamlMappingNode map, string key, string field)
    {
        var node = Get(map, key);
        var path = Join(field, key);
        var texts = new List<string>();
        if (node is null || IsNull(node))
        {
            return texts;
        }
        if (node is not YamlSequenceNode seq)
        {
            Problem(node, path, "expected a list of texts (lines starting with '- ')");
            return texts;
        }
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (seq.Children[i] is YamlScalarNode { Value: { } value } && !IsNull(seq.Children[i]) && Clean(value).Length > 0)
            {
                texts.Add(Clean(value));
            }
            else
            {
                Problem(seq.Children[i], $"{path}[{i}]", "expected a non-empty text");
            }
        }
        return texts;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Join(string field, string key) => field.Length == 0 ? key : $"{field}.{key}";

    /// <summary>Trims and turns the line breaks of block scalars into spaces, keeping blank-line paragraph breaks.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        var paragraphs = value.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join("\n\n", paragraphs.Select(p => string.Join(' ', p.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))));
    }

    private static string Describe(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "" : node.NodeType.ToString().ToLowerInvariant();

    private static string StripMark(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: ...) - (Line: ...): "; the line is reported separately.
        var at = message.LastIndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && at >= 0 ? message[(at + 3)..] : message;
    }
}
