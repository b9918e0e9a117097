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

    /// <summary>
    /// Why <paramref name="value"/> cannot be stored, as the sentence a form shows under its field ("A team name
    /// has at most 200 characters.", "A title holds a control character …"); null when it can.
    /// </summary>
    /// <param name="subject">The field as a sentence starts with it: "A team name".</param>
    public static string? Sentence(string subject, string value, TextField field) =>
        field.MaxLength is int max && value.Length > max
            ? $"{subject} has at most {max.ToString(CultureInfo.InvariantCulture)} characters."
            : Problem(value, field) is { } problem ? $"{subject} {problem}." : null;

    /// <summary>Whether <paramref name="value"/> can be stored (and looked up: PostgreSQL refuses a NUL even
    /// in a query's parameter) in a field that holds <paramref name="field"/>.</summary>
    public static bool Fits(string value, TextField? field = null) => Problem(value, field) is null;

    /// <summary>
    /// Adds "<paramref name="name"/>: longer than 300 characters." to <paramref name="problems"/>, the wording
    /// of the rules that list every problem as "field: what is wrong" (careers records, decks), when
    /// <paramref name="value"/> cannot be stored; false then.
    /// </summary>
    public static bool Check(string? value, string name, TextField field, List<string> problems)
    {
        if (value is not null && Problem(value, field) is { } problem)
        {
            problems.Add($"{name}: {problem}.");
            return false;
        }
        return true;
    }

    /// <summary>
    /// A day written as YYYY-MM-DD (2000–2100), or null for none; anything else is refused as invalid,
    /// naming <paramref name="field"/> (a query value, a form field, a CLI option).
    /// </summary>
    public static DateOnly? Day(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            && day.Year is >= 2000 and <= 2100)
        {
            return day;
        }
        var shown = text.Length <= 40 ? text : text[..40] + "…";
        throw ProblemException.InvalidField(field, $"{field} must be a day written as YYYY-MM-DD, not '{shown}'.");
    }

    /// <summary>
    /// Puts a request field's problem into <paramref name="errors"/> (field → messages, for
    /// <see cref="ProblemException.InvalidFields"/>), the wording of forms and the API: "A title is
    /// required.", "A title has at most 200 characters."; the value is read trimmed. Nothing when it
    /// can be stored, or is blank and not <paramref name="required"/>.
    /// </summary>
    public static void CheckField(IDictionary<string, string[]> errors, string field, string subject, string? value, TextField rule, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors[field] = [$"{subject} is required."];
            }
            return;
        }
        if (Sentence(subject, value.Trim(), rule) is { } problem)
        {
            errors[field] = [problem];
        }
    }
}
