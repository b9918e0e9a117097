using System.Globalization;

namespace Fulcrum.Core;

/// <summary>
/// What a text field may hold: at most <paramref name="MaxLength"/> characters (the column's length
/// in the database), and no control characters except, in a <paramref name="Multiline"/> field (a
/// description), tabs and line breaks.
/// </summary>
public sealed record TextField(int? MaxLength = null, bool Multiline = false);

/// <summary>
/// The one check of text before it is stored, used by every import, webhook and form. PostgreSQL
/// refuses a NUL character and text longer than its column, SQLite stores both; checking here makes
/// both engines answer alike, with the field named, before anything is written.
/// </summary>
public static class TextRules
{
    /// <summary>Why <paramref name="value"/> cannot be stored in <paramref name="field"/>, as a phrase that
    /// follows the field's name ("longer than 200 characters"); null when it can.</summary>
    public static string? Problem(string value, TextField? field = null)
    {
        if (field?.MaxLength is int max && value.Length > max)
        {
            return $"longer than {max.ToString(CultureInfo.InvariantCulture)} characters";
        }
        var multiline = field?.Multiline == true;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < ' ' && !(multiline && c is '\t' or '\n' or '\r'))
            {
                return $"holds a control character (U+{(int)c:X4}) at character {(i + 1).ToString(CultureInfo.InvariantCulture)}; "
                    + (multiline ? "only text, tabs and line breaks are stored" : "only printable text is stored");
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                // JSON can spell half a character ("\ud800"); no database can store it.
                return $"holds half a character (an unpaired surrogate, U+{(int)c:X4}) at character {(i + 1).ToString(CultureInfo.InvariantCulture)}";
            }
        }
        return null;
    }
}
