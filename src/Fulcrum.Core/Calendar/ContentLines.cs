using System.Buffers;
using System.Collections.Frozen;

namespace Fulcrum.Core.Calendar;

/// <summary>
/// Reads the logical content lines of RFC 5545 3.1 out of text in one forward pass: CRLF, LF or a
/// lone CR end a physical line; a physical line starting with a space or tab continues the one
/// before it (that one whitespace character removed). Unfolded lines are handed out as spans, of
/// the text itself when the line was not folded (nearly always) and of a reused buffer when it was,
/// so reading a file allocates nothing per line.
/// </summary>
internal ref struct ContentLineReader(ReadOnlySpan<char> text)
{
    private readonly ReadOnlySpan<char> text = text;
    private int position;
    private int nextLineNumber = 1;
    private char[]? unfoldBuffer;

    /// <summary>
    /// The next logical line and the number of its first physical line. The span is valid until the
    /// next call.
    /// </summary>
    public bool TryRead(out ReadOnlySpan<char> line, out int lineNumber)
    {
        if (position >= text.Length)
        {
            line = default;
            lineNumber = nextLineNumber;
            return false;
        }

        lineNumber = nextLineNumber;
        var start = position;
        var end = EndOfPhysicalLine(start);
        SkipBlankLines();
        if (position >= text.Length || !IsFoldWhitespace(text[position]))
        {
            line = text[start..end];
            return true;
        }

        var length = 0;
        Append(ref length, text[start..end]);
        while (position < text.Length && IsFoldWhitespace(text[position]))
        {
            var continuation = position + 1;
            var continuationEnd = EndOfPhysicalLine(continuation);
            Append(ref length, text[continuation..continuationEnd]);
            SkipBlankLines();
        }
        line = unfoldBuffer.AsSpan(0, length);
        return true;
    }

    /// <summary>How many physical lines have been read: after the last call, the file's line count.</summary>
    public readonly int PhysicalLinesRead => nextLineNumber - 1;

    private static bool IsFoldWhitespace(char c) => c is ' ' or '\t';

    /// <summary>
    /// Steps over empty physical lines. Blank lines carry nothing, and skipping them here lets a fold
    /// continue across them: files whose CRLF was doubled into two line ends on the way (mail
    /// gateways, Windows copy-paste) then read as written, "VERSION", "", " :2.0" giving VERSION:2.0.
    /// </summary>
    private void SkipBlankLines()
    {
        while (position < text.Length && text[position] is '\r' or '\n')
        {
            position = text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? position + 2 : position + 1;
            nextLineNumber++;
        }
    }

    /// <summary>Finds where the physical line from <paramref name="start"/> ends and steps past its line break.</summary>
    private int EndOfPhysicalLine(int start)
    {
        var offset = text[start..].IndexOfAny('\r', '\n');
        nextLineNumber++;
        if (offset < 0)
        {
            position = text.Length;
            return text.Length;
        }
        var end = start + offset;
        position = text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? end + 2 : end + 1;
        return end;
    }

    private void Append(ref int length, ReadOnlySpan<char> part)
    {
        if (unfoldBuffer is null || unfoldBuffer.Length < length + part.Length)
        {
            // Doubling keeps a pathological file of a million continuation lines linear.
            var grown = new char[Math.Max(256, Math.Max(length + part.Length, (unfoldBuffer?.Length ?? 0) * 2))];
            unfoldBuffer?.AsSpan(0, length).CopyTo(grown);
            unfoldBuffer = grown;
        }
        part.CopyTo(unfoldBuffer.AsSpan(length));
        length += part.Length;
    }
}

/// <summary>One content line split into its parts (RFC 5545 3.1); the value still points into the line.</summary>
internal readonly ref struct ContentLine
{
    public ContentLine(string name, CalendarParameter[] parameters, ReadOnlySpan<char> value)
    {
        Name = name;
        Parameters = parameters;
        Value = value;
    }

    public string Name { get; }
    public CalendarParameter[] Parameters { get; }
    public ReadOnlySpan<char> Value { get; }
}

/// <summary>
/// Splits an unfolded line into name, parameters and value. Names come back upper-cased and shared
/// (one string per distinct name in a file, and none allocated for the common ones), which matters
/// when a calendar has tens of thousands of events.
/// </summary>
internal sealed class ContentLineSplitter
{
    // Names that almost every calendar uses; upper-case, as the splitter hands names out.
    private static readonly FrozenSet<string> CommonNames = new[]
    {
        "BEGIN", "END", "VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "STANDARD",
        "DAYLIGHT", "VALARM", "VERSION", "PRODID", "CALSCALE", "METHOD", "UID", "DTSTAMP", "DTSTART", "DTEND",
        "DUE", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION", "STATUS", "CLASS", "TRANSP", "SEQUENCE",
        "CREATED", "LAST-MODIFIED", "ORGANIZER", "ATTENDEE", "CATEGORIES", "RRULE", "RDATE", "EXDATE",
        "EXRULE", "RECURRENCE-ID", "TZID", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "TZURL", "ACTION",
        "TRIGGER", "REPEAT", "ATTACH", "URL", "PRIORITY", "GEO", "COMMENT", "CONTACT", "RELATED-TO",
        "RESOURCES", "COMPLETED", "PERCENT-COMPLETE", "FREEBUSY", "REQUEST-STATUS", "COLOR", "IMAGE",
        "CONFERENCE", "X-WR-CALNAME", "X-WR-CALDESC", "X-WR-TIMEZONE", "X-WR-RELCALID", "X-LIC-LOCATION",
        "X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-INTENDEDSTATUS", "X-MICROSOFT-CDO-ALLDAYEVENT",
        "X-MICROSOFT-CDO-IMPORTANCE", "X-MICROSOFT-CDO-INSTTYPE", "X-MICROSOFT-DISALLOW-COUNTER",
        "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR", "X-MOZ-GENERATION", "X-MOZ-LASTACK",
        "VALUE", "CN", "ROLE", "PARTSTAT", "RSVP", "CUTYPE", "ALTREP", "LANGUAGE", "DELEGATED-TO",
        "DELEGATED-FROM", "MEMBER", "SENT-BY", "DIR", "ENCODING", "FMTTYPE", "FBTYPE", "RANGE", "RELATED",
        "RELTYPE", "X-NUM-GUESTS", "EMAIL", "SCHEDULE-STATUS", "SCHEDULE-AGENT",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Short parameter values and property values that repeat across events, kept as written.
    private static readonly FrozenSet<string> CommonValues = new[]
    {
        "DATE", "DATE-TIME", "PERIOD", "DURATION", "TRUE", "FALSE", "REQ-PARTICIPANT", "OPT-PARTICIPANT",
        "CHAIR", "NON-PARTICIPANT", "ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION", "DELEGATED",
        "INDIVIDUAL", "GROUP", "RESOURCE", "ROOM", "UNKNOWN", "UTC", "CONFIRMED", "CANCELLED", "OPAQUE",
        "TRANSPARENT", "PUBLIC", "PRIVATE", "CONFIDENTIAL", "DISPLAY", "AUDIO", "EMAIL", "START", "2.0",
        "GREGORIAN", "PUBLISH", "REQUEST", "REPLY", "CANCEL", "BUSY", "FREE", "0", "1", "5", "9",
    }.ToFrozenSet(StringComparer.Ordinal);

    // A file of junk must not turn the caches into an unbounded copy of itself.
    private const int MaxCachedStrings = 4096;
    private const int MaxInternedValueLength = 40;

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CommonNameLookup =
        CommonNames.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CommonValueLookup =
        CommonValues.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> EndOfName = SearchValues.Create(";:");
    private static readonly SearchValues<char> EndOfParameterName = SearchValues.Create("=;:");
    private static readonly SearchValues<char> EndOfParameterValue = SearchValues.Create(",;:");

    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly List<string> parameterValues = [];
    private readonly List<CalendarParameter> parameters = [];

    /// <summary>
    /// Splits a line. On failure <paramref name="error"/> says why in a sentence and the line should be
    /// skipped. <paramref name="warnings"/> collects parameters that were dropped while the line itself
    /// was kept.
    /// </summary>
    public bool TrySplit(ReadOnlySpan<char> line, out ContentLine result, out string? error, List<string> warnings)
    {
        result = default;
        var i = Find(line, 0, EndOfName);
        if (i == line.Length)
        {
            error = $"\"{Excerpt(line)}\" has no ':' between a name and a value, so it is not a content line; skipped.";
            return false;
        }
        var nameSpan = line[..i];
        if (!IsName(nameSpan))
        {
            error = nameSpan.IsEmpty
                ? $"\"{Excerpt(line)}\" has no property name before its '{line[i]}'; skipped."
                : $"\"{Excerpt(nameSpan)}\" is not a property name (letters, digits and '-' only); the line is skipped.";
            return false;
        }
        var name = Name(nameSpan);

        parameters.Clear();
        while (i < line.Length && line[i] == ';')
        {
            i++;
            var parameterStart = i;
            i = Find(line, i, EndOfParameterName);
            if (i == line.Length)
            {
                break;
            }
            var parameterName = line[parameterStart..i];
            if (line[i] != '=')
            {
                warnings.Add(parameterName.IsEmpty
                    ? $"{name} has an empty parameter (two ';' in a row or a ';' before the ':'); it is ignored."
                    : $"{name} has a parameter \"{Excerpt(parameterName)}\" without '=' and a value; it is ignored.");
                continue;
            }

            i++;
            parameterValues.Clear();
            while (true)
            {
                if (i < line.Length && line[i] == '"')
                {
                    var close = line[(i + 1)..].IndexOf('"');
                    if (close < 0)
                    {
                        error = $"{name} has a parameter \"{Excerpt(parameterName)}\" whose quoted value has no closing '\"'; the line is skipped.";
                        return false;
                    }
                    var quoted = line.Slice(i + 1, close);
                    i += close + 2;
                    // Text straight after a closing quote is not allowed; keeping it with the value loses nothing.
                    var tail = i;
                    i = Find(line, i, EndOfParameterValue);
                    parameterValues.Add(tail == i ? ParameterValue(quoted) : ParameterValue(string.Concat(quoted, line[tail..i])));
                }
                else
                {
                    var valueStart = i;
                    i = Find(line, i, EndOfParameterValue);
                    parameterValues.Add(ParameterValue(line[valueStart..i]));
                }
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                    continue;
                }
                break;
            }

            if (IsName(parameterName))
            {
                parameters.Add(new CalendarParameter(Name(parameterName), parameterValues.ToArray()));
            }
            else
            {
                warnings.Add($"{name} has a parameter named \"{Excerpt(parameterName)}\", which is not a parameter name (letters, digits and '-' only); it is ignored.");
            }
        }

        if (i >= line.Length)
        {
            error = $"{name} has no ':' before its value (outside quoted parameter values); the line is skipped.";
            return false;
        }

        error = null;
        result = new ContentLine(name, parameters.Count == 0 ? [] : parameters.ToArray(), line[(i + 1)..]);
        return true;
    }

    /// <summary>The index of the first of <paramref name="stops"/> at or after <paramref name="from"/>, or the line's length.</summary>
    private static int Find(ReadOnlySpan<char> line, int from, SearchValues<char> stops)
    {
        var offset = line[from..].IndexOfAny(stops);
        return offset < 0 ? line.Length : from + offset;
    }

    /// <summary>The value as a string, shared when it is short and common (STATUS, TRANSP, CLASS ...).</summary>
    public string Value(ReadOnlySpan<char> value) =>
        value.Length <= 12 ? Intern(values, value, CommonValueLookup) : value.ToString();

    /// <summary>An upper-cased name, shared for the whole parse.</summary>
    public string Name(ReadOnlySpan<char> name)
    {
        if (!name.ContainsAnyInRange('a', 'z'))
        {
            return Intern(names, name, CommonNameLookup);
        }
        Span<char> upper = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        name.ToUpperInvariant(upper);
        return Intern(names, upper, CommonNameLookup);
    }

    /// <summary>Letters, digits and '-' (RFC 5545 iana-token and x-name), at least one.</summary>
    public static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }
        return true;
    }

    private string ParameterValue(ReadOnlySpan<char> value)
    {
        if (value.Contains('^'))
        {
            return DecodeCarets(value);
        }
        return value.Length <= MaxInternedValueLength ? Intern(values, value, CommonValueLookup) : value.ToString();
    }

    /// <summary>RFC 6868: ^n is a line break, ^^ a caret, ^' a double quote; any other caret stays as written.</summary>
    private static string DecodeCarets(ReadOnlySpan<char> value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '^' && i + 1 < value.Length)
            {
                var next = value[i + 1];
                var decoded = next switch
                {
                    'n' => '\n',
                    '^' => '^',
                    '\'' => '"',
                    _ => '\0',
                };
                if (decoded != '\0')
                {
                    builder.Append(decoded);
                    i++;
                    continue;
                }
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    private static string Intern(
        Dictionary<string, string> cache, ReadOnlySpan<char> text, FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> common)
    {
        if (common.TryGetValue(text, out var known))
        {
            return known;
        }
        var lookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var cached))
        {
            return cached;
        }
        var created = text.ToString();
        if (cache.Count < MaxCachedStrings)
        {
            cache[created] = created;
        }
        return created;
    }

    /// <summary>At most 40 characters of a line for a problem's sentence, so one huge line makes a short message.</summary>
    public static string Excerpt(ReadOnlySpan<char> text)
    {
        var excerpt = text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
        // Control characters would make the sentence unreadable (or break a log line); show them as '?'.
        return string.Create(excerpt.Length, excerpt, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
