namespace Fulcrum.Core.Careers;

/// <summary>
/// "You need two things to excel: to be good at what you do, and to enjoy what you do."
/// The four places a competency can sit, with what to do about it.
/// </summary>
public enum Quadrant
{
    /// <summary>Good at it and enjoys it.</summary>
    LeanIn,

    /// <summary>Enjoys it but is not good at it yet.</summary>
    GrowIt,

    /// <summary>Good at it but does not enjoy it.</summary>
    Delegate,

    /// <summary>Neither good at it nor enjoying it.</summary>
    Rethink,
}

public sealed record QuadrantResult(Quadrant? Quadrant, bool? GoodAtIt, bool? EnjoysIt, string Guidance, string Reason);

/// <summary>
/// Places a competency by aptitude (the consensus of others, never the self rating) and enjoyment
/// (the person's own 1–5 answer: only they can say). Aptitude counts as high when the agreed rating
/// lies above the middle of the scale (Meets or Exceeds on the four-point scale); enjoyment when it
/// is above the neutral 3. A rating exactly in the middle counts as low on both, so the stronger
/// advice ("lean in", "delegate") is never given on a shrug.
/// </summary>
public static class AptitudeEnjoyment
{
    public const int MinEnjoyment = 1;
    public const int MaxEnjoyment = 5;
    public const int NeutralEnjoyment = 3;

    public static QuadrantResult Classify(ConsensusResult aptitude, RatingScale scale, int? enjoyment)
    {
        if (enjoyment is int e && (e < MinEnjoyment || e > MaxEnjoyment))
        {
            throw new ArgumentOutOfRangeException(nameof(enjoyment), $"enjoyment is {MinEnjoyment} to {MaxEnjoyment}; got {e}");
        }
        bool? good = aptitude.Reached ? aptitude.Rating > scale.Midpoint : null;
        bool? enjoys = enjoyment is int value ? value > NeutralEnjoyment : null;
        if (good is null || enjoys is null)
        {
            var missing = (good, enjoys) switch
            {
                (null, null) => "there is no consensus on aptitude yet and no enjoyment answer",
                (null, _) => "there is no consensus on aptitude yet, and one opinion is not enough",
                _ => "the person has not said how much they enjoy it",
            };
            return new(null, good, enjoys, "Not placed yet.", $"Not placed: {missing}.");
        }
        var quadrant = (good.Value, enjoys.Value) switch
        {
            (true, true) => Quadrant.LeanIn,
            (false, true) => Quadrant.GrowIt,
            (true, false) => Quadrant.Delegate,
            (false, false) => Quadrant.Rethink,
        };
        var reason = $"Others agree on {aptitude.Label} ({(good.Value ? "above" : "not above")} the middle of the scale); enjoyment {enjoyment} of {MaxEnjoyment}.";
        return new(quadrant, good, enjoys, Guidance(quadrant), reason);
    }

    public static string Guidance(Quadrant quadrant) => quadrant switch
    {
        Quadrant.LeanIn => "Lean in: build your role and growth around it, take on more of it, and teach it to others.",
        Quadrant.GrowIt => "Grow it: invest with a learning sprint or a stretch assignment; the enjoyment will carry the practice.",
        Quadrant.Delegate => "Delegate: keep it covered, but hand it on as a stretch assignment for someone who wants to grow in it, and do not build your path around it.",
        Quadrant.Rethink => "Rethink: talk with your manager about whether it belongs in your role, or what support would change how it feels.",
        _ => "",
    };
}
