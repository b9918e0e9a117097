using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Fulcrum.Core.Csv;

namespace Fulcrum.Core.TeamDesign;

/// <summary>
/// Decision records as Markdown files, the <c>docs/adr</c> folder many teams already keep: read in the
/// MADR (2.x to 4.x) and Nygard (adr-tools) layouts, written as MADR with YAML front matter holding
/// Fulcrum's fields and every front-matter entry it does not understand (docs/team-design.md, "Sync with a docs/adr folder").
/// Problems come back as values with the file, line and field, so a folder with five mistakes gets
/// five messages and nothing of it is imported.
/// </summary>
public static partial class AdrMarkdown
{
    /// <summary>Reads a file's bytes, which must be UTF-8 (a byte-order mark is allowed).</summary>
    public static AdrReadResult Read(string fileName, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > AdrLimits.FileBytes)
        {
            return Refused(fileName, 0, "file", TooLarge(bytes.Length));
        }
        if (!ImportText.TryDecode(bytes, out var text, out var invalidAt))
        {
            var line = text.Count(c => c == '\n') + 1;
            return Refused(fileName, line, "file",
                $"not valid UTF-8 (at byte offset {invalidAt.ToString(CultureInfo.InvariantCulture)}); save the file as UTF-8");
        }
        return Read(fileName, text);
    }

    /// <summary>Reads a file's text. The document is null whenever there is a problem.</summary>
    public static AdrReadResult Read(string fileName, string text)
    {
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }
        var size = Encoding.UTF8.GetByteCount(text);
        if (size > AdrLimits.FileBytes)
        {
            return Refused(fileName, 0, "file", TooLarge(size));
        }
        text = text.Replace("\r\n", "\n");
        if (ControlCharacter(text) is { } control)
        {
            return Refused(fileName, control.Line, "file",
                $"control character U+{(int)control.Character:X4} at column {control.Column}; only tabs and line breaks may appear in the text");
        }
        return new AdrReader(fileName, text.Split('\n')).Read();
    }

    private static AdrReadResult Refused(string file, int line, string field, string message) =>
        new(null, [new AdrProblem(file, line, field, message)]);

    private static string TooLarge(long bytes) =>
        $"the file is {(bytes + 1023) / 1024} KB; a decision record may be at most {AdrLimits.FileBytes / 1024} KB";

    private static (int Line, int Column, char Character)? ControlCharacter(string text)
    {
        var line = 1;
        var column = 0;
        foreach (var c in text)
        {
            column++;
            if (c == '\n')
            {
                line++;
                column = 0;
            }
            else if (c != '\t' && (char.IsControl(c)))
            {
                return (line, column, c);
            }
        }
        return null;
    }

    /// <summary>
    /// A file name for a record: <c>0007-use-postgresql-for-storage.md</c>. Four digits (more when the
    /// number needs them) and a lowercase ASCII slug of the title, cut at a word to about 60 characters.
    /// </summary>
    public static string FileName(int number, string title)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        return $"{number.ToString("D4", CultureInfo.InvariantCulture)}-{Slug(title)}.md";
    }

    private const int SlugLength = 60;

    private const string FoldedLetters = "àáâãäåāăąçćĉċčďèéêëēĕėęěĝğġģĥìíîïĩīĭįıĵķĺļľŀñńņňòóôõöōŏőùúûüũūŭůűųŵýÿŷźżž";
    private const string FoldedTo = "aaaaaaaaacccccdeeeeeeeeegggghiiiiiiiiijkllllnnnnoooooooouuuuuuuuuuwyyyzzz";

    private static string Slug(string title)
    {
        var slug = new StringBuilder();
        // Letters are folded by table: Fulcrum runs with invariant globalisation, where Normalize does not decompose.
        foreach (var c in title.ToLowerInvariant())
        {
            var ascii = c switch
            {
                _ when FoldedLetters.IndexOf(c) is var at and >= 0 => FoldedTo[at].ToString(),
                'ß' => "ss",
                'æ' => "ae",
                'ø' => "o",
                'œ' => "oe",
                'ð' or 'đ' => "d",
                'þ' => "th",
                'ł' => "l",
                _ when c is >= 'a' and <= 'z' or >= '0' and <= '9' => c.ToString(),
                _ => "-",
            };
            slug.Append(ascii);
        }
        var words = slug.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries);
        var result = new StringBuilder();
        foreach (var word in words)
        {
            var extra = result.Length == 0 ? word.Length : word.Length + 1;
            if (result.Length + extra > SlugLength)
            {
                if (result.Length == 0)
                {
                    result.Append(word[..SlugLength]);
                }
                break;
            }
            result.Append(result.Length == 0 ? "" : "-").Append(word);
        }
        return result.Length == 0 ? "decision" : result.ToString();
    }

    /// <summary>MADR's <c>Chosen option: "X", because …</c> (also with backticks, single or curly quotes, or none).</summary>
    [GeneratedRegex(@"^\s{0,3}Chosen option\s*:\s*(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ChosenOptionLine();

    /// <summary>The option named on the first "Chosen option:" line of a decision's text, and whether that
    /// line names it and says nothing else (as Fulcrum writes it when the text does not).</summary>
    internal static (string? Name, int LineIndex, bool Bare) ChosenIn(IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var match = ChosenOptionLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }
            var rest = match.Groups["rest"].Value.Trim();
            var close = rest.Length > 0 ? rest[0] switch { '"' => '"', '`' => '`', '\'' => '\'', '“' => '”', '‘' => '’', _ => '\0' } : '\0';
            string name;
            string after;
            if (close != '\0' && rest.IndexOf(close, 1) is var end and > 0)
            {
                name = rest[1..end];
                after = rest[(end + 1)..];
            }
            else
            {
                var because = rest.IndexOf("because", StringComparison.OrdinalIgnoreCase);
                name = (because >= 0 ? rest[..because] : rest).TrimEnd().TrimEnd(',', ':', '.', ';').Trim();
                after = because >= 0 ? rest[because..] : "";
            }
            name = name.Trim();
            return name.Length == 0 ? (null, i, false) : (name, i, close is '"' or '`' && after.Trim() is "" or ".");
        }
        return (null, -1, false);
    }
}
