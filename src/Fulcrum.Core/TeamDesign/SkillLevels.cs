namespace Fulcrum.Core.TeamDesign;

/// <summary>
/// The one scale every skill is rated on, from 0 to 4, each step a thing a person can be seen doing
/// (docs/team-design.md). A roadmap need names the lowest level that covers it.
/// </summary>
public static class SkillLevels
{
    public const int None = 0, Aware = 1, Working = 2, Practitioner = 3, Expert = 4;

    public const int Max = Expert;

    private static readonly string[] Names = ["none", "aware", "working", "practitioner", "expert"];

    private static readonly string[] Meanings =
    [
        "has not used it",
        "knows what it is for and can follow a conversation about it",
        "does everyday work in it with review",
        "does the work alone and reviews others'",
        "sets the direction and teaches it",
    ];

    public static string Name(int level) => Names[Math.Clamp(level, None, Max)];

    public static string Meaning(int level) => Meanings[Math.Clamp(level, None, Max)];

    /// <summary>"3", "practitioner" or "Practitioner (3)"... a number from 0 to 4 or a level's name, any case.</summary>
    public static bool TryParse(string? text, out int level)
    {
        level = None;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            level = number;
            return number is >= None and <= Max;
        }
        var index = Array.FindIndex(Names, n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
        level = Math.Max(index, None);
        return index >= 0;
    }

    /// <summary>What a level cell may hold, for error messages.</summary>
    public static string Expected => $"a level from {None} to {Max} or its name ({string.Join(", ", Names)})";
}
