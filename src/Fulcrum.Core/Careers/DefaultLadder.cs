namespace Fulcrum.Core.Careers;

/// <summary>
/// The ladder Fulcrum ships: levels 1–4 shared, a fork at level 5 into an individual-contributor
/// track (Senior, Staff, Principal, Distinguished) and a management track (Engineering Manager to
/// VP of Engineering). Its text is original to Fulcrum and lives in Ladders/fulcrum-engineering.yaml,
/// embedded in the assembly so it needs no file on disk.
/// </summary>
public static class DefaultLadder
{
    public const string ResourceName = "Fulcrum.Core.Careers.Ladders.fulcrum-engineering.yaml";

    private static readonly Lazy<Ladder> Cached = new(() =>
    {
        var result = LadderFile.Parse(Text(), "fulcrum-engineering.yaml");
        // A broken built-in ladder is a bug in this build, not bad input: the tests keep it valid.
        return result.Ladder ?? throw new InvalidOperationException(
            "the built-in ladder does not validate: " + string.Join("; ", result.Problems));
    });

    public static Ladder Load() => Cached.Value;

    /// <summary>The ladder file itself, for people who want to start their own from it.</summary>
    public static string Text()
    {
        using var stream = typeof(DefaultLadder).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
