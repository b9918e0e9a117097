namespace Fulcrum.Core.Organisation;

/// <summary>The career tracks a person can be placed on until a ladder defines its own.</summary>
public static class CareerTracks
{
    public const string IndividualContributor = "ic";
    public const string Management = "management";

    public static IReadOnlyList<string> All { get; } = [IndividualContributor, Management];

    public static bool IsKnown(string? track) => track is not null && All.Contains(track);

    public static string Label(string? track) => track switch
    {
        IndividualContributor => "Individual contributor",
        Management => "Management",
        null or "" => "",
        _ => track,
    };

    /// <summary>Accepts the key or a few spellings people use in spreadsheets.</summary>
    public static string? Normalise(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "ic" or "individual contributor" or "individual-contributor" or "engineer" => IndividualContributor,
        "management" or "manager" or "em" or "engineering manager" => Management,
        _ => null,
    };
}
