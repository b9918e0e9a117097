namespace Fulcrum.Core.TeamDesign;

/// <summary>A skill an initiative needs: at least <paramref name="Level"/>, held by <paramref name="People"/> people.</summary>
public sealed record SkillNeed(string Skill, int Level, int People = 1);

/// <summary>A roadmap item with dates and the skills it needs.</summary>
public sealed record Initiative(string Name, DateOnly Start, DateOnly? End, IReadOnlyList<SkillNeed> Needs);

/// <summary>A member of the team and their rated skills (a skill not listed is level 0).</summary>
public sealed record TeamMember(int PersonId, string Name, IReadOnlyList<RatedSkill> Skills);

/// <summary>A person's level in a skill: their own, and the one a lead confirmed, which counts when there is one.</summary>
public sealed record RatedSkill(string Skill, int SelfLevel, int? ConfirmedLevel = null)
{
    public int Level => ConfirmedLevel ?? SelfLevel;

    public bool Confirmed => ConfirmedLevel is not null;
}

/// <summary>
/// What building a skill or hiring for it costs, in weeks and money: every figure is a setting,
/// shown beside each answer so a leader can see what it rests on and change it.
/// </summary>
/// <param name="WeeksPerLevelStep">One learning sprint per step up the scale (careers: a sprint is at most six weeks).</param>
/// <param name="LearningShare">The share of the learner's week that goes to learning.</param>
/// <param name="WeeksToHire">From opening a role to the person's first day.</param>
/// <param name="RampUpWeeks">From the first day to working at the level needed.</param>
/// <param name="AnnualCost">What a person costs a year (salary and overheads), in the organisation's currency.</param>
/// <param name="RecruitingCost">Fees and interviewing time for one hire.</param>
/// <param name="WorkingWeeksPerYear">To turn a yearly cost into a weekly one.</param>
public sealed record BuildOrHireAssumptions(
    int WeeksPerLevelStep = 6,
    double LearningShare = 0.2,
    int WeeksToHire = 12,
    int RampUpWeeks = 8,
    decimal AnnualCost = 120_000m,
    decimal RecruitingCost = 24_000m,
    int WorkingWeeksPerYear = 46)
{
    public decimal WeeklyCost => WorkingWeeksPerYear > 0 ? AnnualCost / WorkingWeeksPerYear : 0m;

    /// <summary>Every setting out of its range, as sentences naming it.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        Check(WeeksPerLevelStep is >= 1 and <= 52, "weeksPerLevelStep must be 1 to 52 weeks");
        Check(LearningShare is > 0 and <= 1, "learningShare must be more than 0 and at most 1 (the share of a week)");
        Check(WeeksToHire is >= 0 and <= 104, "weeksToHire must be 0 to 104 weeks");
        Check(RampUpWeeks is >= 0 and <= 104, "rampUpWeeks must be 0 to 104 weeks");
        Check(AnnualCost is >= 0 and <= 100_000_000m, "annualCost must be 0 to 100,000,000");
        Check(RecruitingCost is >= 0 and <= 100_000_000m, "recruitingCost must be 0 to 100,000,000");
        Check(WorkingWeeksPerYear is >= 1 and <= 52, "workingWeeksPerYear must be 1 to 52");
        return problems;

        void Check(bool ok, string message)
        {
            if (!ok)
            {
                problems.Add(message);
            }
        }
    }
}

/// <summary>Someone holding a need's skill at its level or above.</summary>
public sealed record SkillHolder(int PersonId, string Name, int Level, bool Confirmed);

public enum GapAdvice
{
    /// <summary>Grow someone on the team: in time, and cheaper than a hire (or the only way in time).</summary>
    Build,
    /// <summary>Hire: nobody can grow into it in time, or a hire is in time and cheaper.</summary>
    Hire,
}

/// <summary>
/// One missing person for a need, and the two ways to fill it: grow <see cref="Learner"/> (the
/// closest member not yet at the level) or hire, each in weeks and money, against the weeks left
/// before the initiative starts.
/// </summary>
public sealed record GapPlan(
    GapAdvice Advice,
    SkillHolder? Learner,
    int? BuildWeeks,
    decimal? BuildCost,
    int HireWeeks,
    decimal HireCost,
    int WeeksUntilNeeded,
    string Reason);

/// <summary>How well a team covers one need of one initiative.</summary>
public sealed record NeedCoverage(
    Initiative Initiative,
    SkillNeed Need,
    IReadOnlyList<SkillHolder> Holders,
    IReadOnlyList<GapPlan> Plans)
{
    public int Covered => Holders.Count;

    /// <summary>People still missing for the need.</summary>
    public int Gap => Math.Max(0, Need.People - Holders.Count);

    /// <summary>Only one person holds the skill at the level: the team stops if they are away.</summary>
    public bool SinglePointOfKnowledge => Holders.Count == 1;

    /// <summary>Holders whose level nobody has confirmed yet: the coverage rests on their own word.</summary>
    public int Unconfirmed => Holders.Count(h => !h.Confirmed);
}

/// <summary>
/// The gap report of a team against its roadmap ("build it or hire it", docs/team-design.md): for
/// every skill each initiative needs, who holds it at the level, the people missing, single points
/// of knowledge, and for each missing person whether to grow someone or hire, with the arithmetic.
/// </summary>
public static class SkillGaps
{
    /// <param name="today">Initiatives that ended before it are left out; the weeks until a need count from it.</param>
    public static IReadOnlyList<NeedCoverage> For(IReadOnlyList<TeamMember> members, IReadOnlyList<Initiative> initiatives,
        BuildOrHireAssumptions assumptions, DateOnly today)
    {
        var report = new List<NeedCoverage>();
        foreach (var initiative in initiatives.Where(i => i.End is not { } end || end >= today).OrderBy(i => i.Start).ThenBy(i => i.Name, StringComparer.Ordinal))
        {
            var weeksUntilNeeded = Math.Max(0, (initiative.Start.DayNumber - today.DayNumber) / 7);
            foreach (var need in initiative.Needs)
            {
                var skill = SkillNames.Key(need.Skill);
                var rated = members
                    .Select(m => (Member: m, Skill: m.Skills.FirstOrDefault(s => SkillNames.Key(s.Skill) == skill)))
                    .Select(x => new SkillHolder(x.Member.PersonId, x.Member.Name, x.Skill?.Level ?? SkillLevels.None, x.Skill?.Confirmed ?? false))
                    .ToList();
                // The holders in name order: coverage, not a ranking.
                var holders = rated.Where(h => h.Level >= need.Level).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
                // The closest first: fewest steps to go, confirmed levels before self-reported ones.
                var learners = rated.Where(h => h.Level < need.Level)
                    .OrderByDescending(h => h.Level).ThenByDescending(h => h.Confirmed).ThenBy(h => h.Name, StringComparer.Ordinal)
                    .ToList();
                var missing = Math.Max(0, need.People - holders.Count);
                var plans = Enumerable.Range(0, missing)
                    .Select(i => Plan(need, i < learners.Count ? learners[i] : null, weeksUntilNeeded, assumptions))
                    .ToList();
                report.Add(new NeedCoverage(initiative, need, holders, plans));
            }
        }
        return report;
    }

    /// <summary>Grow <paramref name="learner"/> or hire for one missing person, and why.</summary>
    public static GapPlan Plan(SkillNeed need, SkillHolder? learner, int weeksUntilNeeded, BuildOrHireAssumptions assumptions)
    {
        var hireWeeks = assumptions.WeeksToHire + assumptions.RampUpWeeks;
        var hireCost = Math.Round(assumptions.RecruitingCost + assumptions.RampUpWeeks * assumptions.WeeklyCost, 2);
        var hireSentence = $"hiring takes {hireWeeks} weeks ({assumptions.WeeksToHire} to hire, {assumptions.RampUpWeeks} to ramp up) "
            + $"and costs {Money(hireCost)} once, then {Money(assumptions.AnnualCost)} a year";
        if (learner is null)
        {
            return new GapPlan(GapAdvice.Hire, null, null, null, hireWeeks, hireCost, weeksUntilNeeded,
                $"Nobody else on the team can grow into it: {hireSentence}.");
        }
        var steps = need.Level - learner.Level;
        var buildWeeks = steps * assumptions.WeeksPerLevelStep;
        var buildCost = Math.Round(buildWeeks * (decimal)assumptions.LearningShare * assumptions.WeeklyCost, 2);
        var buildSentence = $"{learner.Name} is at {SkillLevels.Name(learner.Level)}{(learner.Confirmed ? "" : " (own rating)")}, "
            + $"{steps} step{(steps == 1 ? "" : "s")} from {SkillLevels.Name(need.Level)}: {steps} learning sprint{(steps == 1 ? "" : "s")} of "
            + $"{assumptions.WeeksPerLevelStep} weeks at {Percent(assumptions.LearningShare)} of their time, {buildWeeks} weeks and {Money(buildCost)}";
        var buildInTime = buildWeeks <= weeksUntilNeeded;
        var hireInTime = hireWeeks <= weeksUntilNeeded;
        var (advice, why) = (buildInTime, hireInTime) switch
        {
            (true, false) => (GapAdvice.Build, $"only growing is in time ({weeksUntilNeeded} weeks until it is needed)"),
            (false, true) => (GapAdvice.Hire, $"only hiring is in time ({weeksUntilNeeded} weeks until it is needed)"),
            (true, true) => buildCost <= hireCost
                ? (GapAdvice.Build, "both are in time and growing costs less")
                : (GapAdvice.Hire, "both are in time and hiring costs less"),
            _ => buildWeeks <= hireWeeks
                ? (GapAdvice.Build, $"neither is in time ({weeksUntilNeeded} weeks until it is needed); growing is sooner, {buildWeeks - weeksUntilNeeded} weeks late")
                : (GapAdvice.Hire, $"neither is in time ({weeksUntilNeeded} weeks until it is needed); hiring is sooner, {hireWeeks - weeksUntilNeeded} weeks late"),
        };
        return new GapPlan(advice, learner, buildWeeks, buildCost, hireWeeks, hireCost, weeksUntilNeeded,
            $"{(advice == GapAdvice.Build ? "Build" : "Hire")}: {why}. Growing: {buildSentence}. Hiring: {hireSentence}.");
    }

    private static string Percent(double share) => Wording.Percent(share);

    private static string Money(decimal amount) => amount.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
}
