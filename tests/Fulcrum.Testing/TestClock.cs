namespace Fulcrum.Testing;

/// <summary>A clock the test moves by hand, e.g. to let a token expire.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
