namespace Fulcrum.Web.Features.Organisation;

/// <summary>
/// The result of a removal: done, nothing to remove, or refused with the reason. The organisation no
/// longer uses it (its removals throw <see cref="Core.ProblemException"/>); it stays only while
/// <c>Careers.LadderStore.RemoveAsync</c> still returns it, and goes when careers refuses the same way.
/// </summary>
public sealed record Removal(bool Removed, bool NotFound, string? RefusedBecause)
{
    public static readonly Removal Done = new(true, false, null);
    public static readonly Removal Missing = new(false, true, null);
    public static Removal Refused(string reason) => new(false, false, reason);
}
