namespace Fulcrum.Core.Leverage;

/// <summary>What a meeting is for, as far as its invitation tells (docs/leverage.md, "Classification").</summary>
public enum MeetingKind
{
    OneOnOne,
    Planning,
    Review,
    Hiring,
    Incident,
    Teaching,
    Status,
    Broadcast,
    Social,
    Other,
}

/// <summary>Andy Grove's measure of an activity: how much output it moves per hour of the leader's time.</summary>
public enum LeverageLevel
{
    Low,
    Medium,
    High,
}

/// <summary>A meeting's kind, its leverage, the rule that matched and Grove's reason for the leverage.</summary>
public sealed record MeetingClass(MeetingKind Kind, LeverageLevel Leverage, string Rule, string Reason);

/// <summary>
/// Classifies a meeting by its title (and, failing that, its description and shape) with rules a
/// leader can read and predict: the first rule that matches wins, in the order of <see cref="Rules"/>.
/// The leverage of each kind follows Grove (High Output Management): output = Σ leverage × activity.
/// </summary>
public static class MeetingClassifier
{
    /// <summary>Above this many attendees a meeting is a broadcast: most people in it listen.</summary>
    public const int BroadcastAttendees = 25;

    private sealed record Rule(MeetingKind Kind, LeverageLevel Leverage, string[] Words, string Reason);

    /// <summary>The rules in the order they are tried; a word matches whole words of the title, case-insensitive.</summary>
    private static readonly Rule[] Rules =
    [
        new(MeetingKind.OneOnOne, LeverageLevel.High, ["1:1", "1-1", "1on1", "1-on-1", "one on one", "one-on-one", "o3", "1:1s"],
            "A 1:1 passes on skills and know-how to one person and surfaces problems early: Grove's highest-leverage hour."),
        new(MeetingKind.Incident, LeverageLevel.High, ["incident", "postmortem", "post-mortem", "retro", "retrospective", "outage", "sev1", "sev2", "war room", "pir"],
            "Learning from a failure changes how many people work from then on; a small early fix saves a large late one."),
        new(MeetingKind.Hiring, LeverageLevel.High, ["interview", "interviews", "hiring", "debrief", "candidate", "onsite", "recruiting", "recruitment"],
            "Who joins shapes the team's output for years: one hour of judgement, a long stream of effect."),
        new(MeetingKind.Planning, LeverageLevel.High, ["planning", "roadmap", "strategy", "okr", "okrs", "quarterly", "prioritisation", "prioritization", "kickoff", "kick-off", "offsite"],
            "A decision about direction multiplies across everyone who then works to it."),
        new(MeetingKind.Teaching, LeverageLevel.High, ["training", "workshop", "onboarding", "mentoring", "coaching", "brown bag", "lunch and learn", "teach"],
            "Teaching lifts the output of every learner: Grove's multiplier."),
        new(MeetingKind.Review, LeverageLevel.Medium, ["review", "design", "architecture", "rfc", "demo", "showcase", "calibration", "critique"],
            "A review steers work already under way: valuable when your judgement changes the outcome, low when you only watch."),
        new(MeetingKind.Status, LeverageLevel.Low, ["status", "standup", "stand-up", "stand up", "sync", "check-in", "checkin", "update", "updates", "catch-up", "catchup", "weekly", "daily", "huddle"],
            "Information that could be written: listening to it live costs an hour of attention for what a page says in five minutes."),
        new(MeetingKind.Broadcast, LeverageLevel.Low, ["all hands", "all-hands", "allhands", "town hall", "townhall", "webinar", "announcement", "keynote", "q&a", "ama"],
            "One person speaks to many; attending is following (lead it, and it is high leverage)."),
        new(MeetingKind.Social, LeverageLevel.Medium, ["lunch", "coffee", "happy hour", "birthday", "celebration", "social", "drinks", "team building", "farewell", "welcome"],
            "Trust is the ground other work stands on; it is not measured in output per hour."),
    ];

    private static readonly MeetingClass OneOnOneByShape = new(MeetingKind.OneOnOne, LeverageLevel.High, "two people, you and one other",
        Rules[0].Reason);

    /// <param name="colleague">For a meeting of two: whether the other person is a colleague (in the
    /// organisation, or at your email domain). A call of two with a vendor is not a 1:1.</param>
    public static MeetingClass Classify(string? summary, int attendees, bool youOrganise, bool colleague = true)
    {
        var title = Normalise(summary);
        foreach (var rule in Rules)
        {
            foreach (var word in rule.Words)
            {
                if (ContainsWord(title, word))
                {
                    var found = new MeetingClass(rule.Kind, rule.Leverage, $"the title has \"{word}\"", rule.Reason);
                    // A broadcast you give is one person multiplying their message: the organiser's leverage is high.
                    return rule.Kind == MeetingKind.Broadcast && youOrganise
                        ? found with { Leverage = LeverageLevel.High, Reason = "You speak to many at once: one hour of yours, many hours of shared context." }
                        : found;
                }
            }
        }
        if (attendees == 2 && colleague)
        {
            return OneOnOneByShape;
        }
        if (attendees == 2)
        {
            return new MeetingClass(MeetingKind.Other, LeverageLevel.Medium, "two people, the other from outside",
                "A meeting with someone outside the organisation: its leverage depends on what it is for.");
        }
        if (attendees > BroadcastAttendees)
        {
            return new MeetingClass(MeetingKind.Broadcast, youOrganise ? LeverageLevel.High : LeverageLevel.Low, $"more than {BroadcastAttendees} attendees", Rules[7].Reason);
        }
        return new MeetingClass(MeetingKind.Other, LeverageLevel.Medium, "no rule matched", "Nothing in the invitation says what it is for; its leverage depends on what you do there.");
    }

    private static string Normalise(string? text) =>
        " " + new string((text ?? "").ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c is ':' or '-' or '&' ? c : ' ').ToArray()) + " ";

    private static bool ContainsWord(string normalised, string word)
    {
        var at = 0;
        while ((at = normalised.IndexOf(word, at, StringComparison.Ordinal)) >= 0)
        {
            var before = normalised[at - 1];
            var after = at + word.Length < normalised.Length ? normalised[at + word.Length] : ' ';
            if (!char.IsLetterOrDigit(before) && !char.IsLetterOrDigit(after))
            {
                return true;
            }
            at++;
        }
        return false;
    }
}
