using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Fulcrum.Core.Calendar;

/// <summary>
/// What a calendar file held: its VCALENDAR components in file order (a file may hold several) and
/// what was wrong with it. Problems do not stop the parse: everything that could be read is kept.
/// </summary>
public sealed record CalendarParseResult(IReadOnlyList<CalendarComponent> Calendars, IReadOnlyList<CalendarProblem> Problems);

/// <summary>
/// Reads iCalendar text (RFC 5545) into component trees. It is tolerant where real exports from
/// Google, Outlook, Apple and Thunderbird bend the rules (blank lines, lowercase names, LF or CR line
/// ends, a missing final END) and reports each bend as a problem with its line; it never throws and
/// its work is linear in the input, so a hostile or corrupt file costs no more than its size.
/// Values are kept as written; <see cref="CalendarValues"/> reads them.
/// </summary>
public static class CalendarParser
{
    /// <summary>
    /// Problems kept before the rest are counted into one closing entry: a file of junk would
    /// otherwise give one problem per line, which nobody reads.
    /// </summary>
    public const int MaxProblems = 100;

    /// <summary>
    /// Components nested deeper than this are read past but not kept: no calendar nests more than
    /// four deep, and consumers walk trees recursively.
    /// </summary>
    public const int MaxDepth = 32;

    private static readonly UnicodeEncoding StrictUtf16LittleEndian = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16BigEndian = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    /// <summary>Reads text the caller has already decoded (a file it read, a pasted calendar); a leading U+FEFF is skipped.</summary>
    public static CalendarParseResult Parse(string text) => ParseText((text ?? "").AsSpan());

    /// <summary>
    /// Reads a file's bytes: UTF-8 (a byte-order mark is skipped), or UTF-16 when the file starts
    /// with a UTF-16 byte-order mark. Bytes that are not UTF-8 are refused with one problem naming
    /// where they are, rather than read as replacement characters that would silently corrupt names.
    /// </summary>
    public static CalendarParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || utf8.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return ParseUtf16(utf8[2..], littleEndian: utf8[0] == 0xFF, start: 2);
        }
        // UTF-16 without a byte-order mark (some Windows tools write it): a text calendar never holds
        // a NUL, so one beside the first character ("B\0E\0G\0…") says which byte order it is.
        if (utf8.Length >= 2 && (utf8[0] == 0) != (utf8[1] == 0))
        {
            return ParseUtf16(utf8, littleEndian: utf8[1] == 0, start: 0);
        }

        var byteOrderMark = utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var bytes = utf8[byteOrderMark..];
        if (Utf8.IsValid(bytes))
        {
            return ParseText(Encoding.UTF8.GetString(bytes));
        }

        // Some writers fold lines every 75 bytes without regard for characters, splitting one across
        // a fold (RFC 5545 3.1 allows it: unfolding comes before decoding). Move such continuation
        // bytes back in front of the line break; the line numbering stays as it was.
        var mended = MendCharactersSplitByFolds(bytes);
        if (Utf8.IsValid(mended))
        {
            return ParseText(Encoding.UTF8.GetString(mended));
        }

        // Mending only moves bytes within a fold, so the offset is the file's own except inside a mended fold.
        var offset = FirstInvalidUtf8(mended);
        var line = LineAt(mended, offset);
        return new CalendarParseResult([], [new CalendarProblem(line,
            $"The file is not valid UTF-8: the byte at offset {offset + byteOrderMark} (0x{mended[offset]:X2}) does not " +
            "begin or continue a character, so nothing was read. Save the file as UTF-8 and import it again.")]);
    }

    private static CalendarParseResult ParseUtf16(ReadOnlySpan<byte> bytes, bool littleEndian, int start)
    {
        var encoding = littleEndian ? StrictUtf16LittleEndian : StrictUtf16BigEndian;
        string text;
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException invalid)
        {
            var offset = start + Math.Max(0, invalid.Index);
            var why = start > 0 ? "starts with a UTF-16 byte-order mark" : "looks like UTF-16 (a NUL byte beside its first character)";
            return new CalendarParseResult([], [new CalendarProblem(0,
                $"The file {why} but is not valid UTF-16 near byte offset {offset}, so nothing was read.")]);
        }
        return ParseText(text);
    }

    private static byte[] MendCharactersSplitByFolds(ReadOnlySpan<byte> bytes)
    {
        var mended = new byte[bytes.Length];
        var written = 0;
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b is (byte)'\r' or (byte)'\n')
            {
                var breakLength = b == '\r' && i + 1 < bytes.Length && bytes[i + 1] == '\n' ? 2 : 1;
                var whitespace = i + breakLength;
                if (whitespace < bytes.Length && bytes[whitespace] is (byte)' ' or (byte)'\t')
                {
                    var continuation = whitespace + 1;
                    var count = 0;
                    while (count < 3 && continuation + count < bytes.Length && (bytes[continuation + count] & 0xC0) == 0x80)
                    {
                        count++;
                    }
                    if (count > 0)
                    {
                        bytes.Slice(continuation, count).CopyTo(mended.AsSpan(written));
                        written += count;
                        bytes.Slice(i, breakLength + 1).CopyTo(mended.AsSpan(written));
                        written += breakLength + 1;
                        i = continuation + count;
                        continue;
                    }
                }
            }
            mended[written++] = b;
            i++;
        }
        return mended;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var scratch = ArrayPool<char>.Shared.Rent(16 * 1024);
        try
        {
            var offset = 0;
            while (offset < bytes.Length)
            {
                var status = Utf8.ToUtf16(bytes[offset..], scratch, out var read, out _, replaceInvalidSequences: false);
                if (status == OperationStatus.InvalidData)
                {
                    return offset + read;
                }
                if (status == OperationStatus.Done)
                {
                    break;
                }
                offset += read;
            }
            // Only reached if the caller was wrong about the bytes being invalid.
            return Math.Max(0, bytes.Length - 1);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.Length || bytes[i + 1] != '\n')))
            {
                line++;
            }
        }
        return line;
    }

    private static CalendarParseResult ParseText(ReadOnlySpan<char> text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var builder = new TreeBuilder();
        var reader = new ContentLineReader(text);
        while (reader.TryRead(out var line, out var lineNumber))
        {
            // Trailing whitespace is an editor's leftover; no value type gives it meaning.
            line = line.TrimEnd(" \t");
            if (line.IsEmpty)
            {
                continue;
            }
            builder.Add(line, lineNumber);
        }
        return builder.Finish(reader.PhysicalLinesRead);
    }

    /// <summary>Turns content lines into component trees, recovering from bad nesting as a reader would expect.</summary>
    private sealed class TreeBuilder
    {
        // Where RFC 5545 allows each standard component; an empty list means only at the top of the file.
        private static readonly Dictionary<string, string[]> AllowedParents = new(StringComparer.Ordinal)
        {
            ["VCALENDAR"] = [],
            ["VEVENT"] = ["VCALENDAR"],
            ["VTODO"] = ["VCALENDAR"],
            ["VJOURNAL"] = ["VCALENDAR"],
            ["VFREEBUSY"] = ["VCALENDAR"],
            ["VTIMEZONE"] = ["VCALENDAR"],
            ["VALARM"] = ["VEVENT", "VTODO"],
            ["STANDARD"] = ["VTIMEZONE"],
            ["DAYLIGHT"] = ["VTIMEZONE"],
        };

        private readonly ContentLineSplitter splitter = new();
        private readonly List<string> warnings = [];
        private readonly List<CalendarComponent> calendars = [];
        private readonly Problems problems = new();

        // Open components, innermost last; Kept is false for one read past without keeping it.
        private readonly List<(CalendarComponent Component, bool Kept)> open = [];

        // How many of each name are open, so a stray END is recognised without searching the stack.
        private readonly Dictionary<string, int> openByName = new(StringComparer.Ordinal);

        public void Add(ReadOnlySpan<char> line, int lineNumber)
        {
            warnings.Clear();
            if (!splitter.TrySplit(line, out var content, out var error, warnings))
            {
                problems.Add(lineNumber, error!);
                return;
            }
            foreach (var warning in warnings)
            {
                problems.Add(lineNumber, warning);
            }

            if (content.Name == "BEGIN")
            {
                Begin(content.Value, lineNumber);
            }
            else if (content.Name == "END")
            {
                End(content.Value, lineNumber);
            }
            else if (open.Count == 0)
            {
                // A file of junk lands here once per line: skip building sentences nobody will see.
                if (problems.IsFull)
                {
                    problems.CountOneMore();
                }
                else
                {
                    problems.Add(lineNumber, $"{content.Name} is outside any component (before BEGIN:VCALENDAR or after its END); ignored.");
                }
            }
            else
            {
                var (component, kept) = open[^1];
                if (kept)
                {
                    component.Properties.Add(new CalendarProperty(content.Name, content.Parameters, splitter.Value(content.Value), lineNumber));
                }
            }
        }

        private void Begin(ReadOnlySpan<char> value, int lineNumber)
        {
            var nameSpan = value.Trim();
            if (!ContentLineSplitter.IsName(nameSpan))
            {
                problems.Add(lineNumber, $"BEGIN:{ContentLineSplitter.Excerpt(value)} does not name a component (letters, digits and '-' only); ignored.");
                return;
            }
            var name = splitter.Name(nameSpan);
            CloseWhatCannotHold(name, lineNumber);
            var component = new CalendarComponent(name, lineNumber);
            bool kept;
            if (open.Count == 0)
            {
                kept = name == "VCALENDAR";
                if (kept)
                {
                    calendars.Add(component);
                }
                else
                {
                    problems.Add(lineNumber, $"BEGIN:{name} is outside any VCALENDAR; the component is skipped up to its END:{name}.");
                }
            }
            else if (open.Count >= MaxDepth)
            {
                kept = false;
                problems.Add(lineNumber, $"BEGIN:{name} is nested more than {MaxDepth} components deep; the component is skipped.");
            }
            else
            {
                var (parent, parentKept) = open[^1];
                kept = parentKept;
                if (kept)
                {
                    parent.Components.Add(component);
                }
            }
            open.Add((component, kept));
            openByName[name] = openByName.GetValueOrDefault(name) + 1;
        }

        /// <summary>
        /// A standard component that RFC 5545 does not allow where it appears means the writer forgot an
        /// END: a VEVENT inside a VEVENT, a VCALENDAR inside a VCALENDAR (a truncated file with another
        /// appended). Close the open components that cannot hold it, down to one that can, each with a
        /// problem, rather than nest the rest of the file inside the unfinished one. Unknown and X-
        /// components may hold anything and are left alone.
        /// </summary>
        private void CloseWhatCannotHold(string name, int lineNumber)
        {
            if (open.Count == 0 || !AllowedParents.TryGetValue(name, out var parents))
            {
                return;
            }
            var anAllowedParentIsOpen = parents.Length == 0;
            foreach (var parent in parents)
            {
                anAllowedParentIsOpen |= openByName.GetValueOrDefault(parent) > 0;
            }
            if (!anAllowedParentIsOpen)
            {
                return;
            }
            while (open.Count > 0)
            {
                var innermost = open[^1].Component.Name;
                if (!AllowedParents.ContainsKey(innermost) || parents.Contains(innermost))
                {
                    return;
                }
                var unclosed = Pop();
                problems.Add(unclosed.Line,
                    $"BEGIN:{unclosed.Name} has no END:{unclosed.Name}; it is closed where BEGIN:{name} at line {lineNumber} starts, since a {unclosed.Name} cannot hold a {name}.");
            }
        }

        private void End(ReadOnlySpan<char> value, int lineNumber)
        {
            var nameSpan = value.Trim();
            if (!ContentLineSplitter.IsName(nameSpan))
            {
                problems.Add(lineNumber, $"END:{ContentLineSplitter.Excerpt(value)} does not name a component (letters, digits and '-' only); ignored.");
                return;
            }
            var name = splitter.Name(nameSpan);
            if (open.Count == 0)
            {
                problems.Add(lineNumber, $"END:{name} has no BEGIN:{name} before it; ignored.");
                return;
            }
            if (openByName.GetValueOrDefault(name) == 0)
            {
                var innermost = open[^1].Component;
                problems.Add(lineNumber,
                    $"END:{name} does not match BEGIN:{innermost.Name} at line {innermost.Line}, and no {name} is open; the END is ignored.");
                return;
            }
            // Close the components left open inside the one this END names: a writer forgot their ENDs.
            while (open[^1].Component.Name != name)
            {
                var unclosed = Pop();
                problems.Add(unclosed.Line,
                    $"BEGIN:{unclosed.Name} has no END:{unclosed.Name}; END:{name} at line {lineNumber} closes it with its {name}.");
            }
            Pop();
        }

        private CalendarComponent Pop()
        {
            var component = open[^1].Component;
            open.RemoveAt(open.Count - 1);
            openByName[component.Name]--;
            return component;
        }

        public CalendarParseResult Finish(int lastLine)
        {
            while (open.Count > 0)
            {
                var (unclosed, kept) = open[^1];
                Pop();
                problems.Add(unclosed.Line, kept
                    ? $"BEGIN:{unclosed.Name} has no END:{unclosed.Name} before the file ends at line {lastLine}; what was read of it is kept."
                    : $"BEGIN:{unclosed.Name} has no END:{unclosed.Name} before the file ends at line {lastLine}.");
            }
            if (calendars.Count == 0)
            {
                problems.Add(0, "The file has no BEGIN:VCALENDAR, so it holds no calendar.");
            }
            return new CalendarParseResult(calendars, problems.ToList());
        }
    }

    /// <summary>Collects problems up to <see cref="MaxProblems"/> and counts the rest.</summary>
    private sealed class Problems
    {
        private readonly List<CalendarProblem> kept = [];
        private int overflow;

        public bool IsFull => kept.Count >= MaxProblems;

        public void CountOneMore() => overflow++;

        public void Add(int line, string text)
        {
            if (IsFull)
            {
                overflow++;
                return;
            }
            kept.Add(new CalendarProblem(line, text));
        }

        /// <summary>In line order (a person works down the file), problems about the file as a whole last.</summary>
        public IReadOnlyList<CalendarProblem> ToList()
        {
            var all = kept.OrderBy(p => p.Line == 0 ? int.MaxValue : p.Line).ToList();
            if (overflow == 0)
            {
                return all;
            }
            all.Add(new CalendarProblem(0, overflow == 1 ? "and 1 more problem" : $"and {overflow} more problems"));
            return all;
        }
    }
}
