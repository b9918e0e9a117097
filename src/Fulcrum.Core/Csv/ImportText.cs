using System.Buffers;
using System.Globalization;
using System.Text.Unicode;

namespace Fulcrum.Core.Csv;

/// <summary>
/// The text of an import file or request body, which must be UTF-8. A byte that is not UTF-8 is
/// refused with where it is, instead of being read as U+FFFD and stored as a mangled name.
/// </summary>
public static class ImportText
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>Decodes <paramref name="bytes"/> (a leading byte-order mark is skipped).</summary>
    /// <param name="invalidAt">When false: the offset, from the first byte, of the first byte that is not UTF-8.</param>
    /// <param name="text">The text; when false, the text before <paramref name="invalidAt"/>.</param>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out long invalidAt)
    {
        var skipped = bytes.StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        var input = bytes[skipped..];
        // UTF-8 takes at least one byte a character, so this many characters always suffice.
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, input.Length));
        try
        {
            var status = Utf8.ToUtf16(input, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
            text = new string(chars, 0, written);
            invalidAt = status == OperationStatus.Done ? -1 : skipped + read;
            return status == OperationStatus.Done;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The text of a CSV file (or, with <paramref name="json"/>, a JSON one); not UTF-8 is refused as
    /// unreadable, naming the row (the line for JSON) and the byte offset where it stops being UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, bool json = false, string title = "The file is not UTF-8")
    {
        if (TryDecode(bytes, out var text, out var at))
        {
            return text;
        }
        var message = $"not valid UTF-8 (at byte offset {at.ToString(CultureInfo.InvariantCulture)}); save the file as UTF-8";
        var problem = json
            ? new CsvProblem(text.Count(c => c == '\n') + 1, null, message) { Unit = CsvUnit.Line }
            : new CsvProblem(CsvTable.RowAt(text), null, message);
        throw ProblemException.Unreadable(title, problem.ToString(), [problem]);
    }

    /// <summary>The text of a request body; not UTF-8 is refused as unreadable, naming the byte offset.</summary>
    public static string DecodeBody(ReadOnlySpan<byte> bytes) =>
        TryDecode(bytes, out var text, out var at)
            ? text
            : throw ProblemException.Unreadable("The body is not UTF-8",
                $"The body is not valid UTF-8 at byte offset {at.ToString(CultureInfo.InvariantCulture)}; send UTF-8.");
}
