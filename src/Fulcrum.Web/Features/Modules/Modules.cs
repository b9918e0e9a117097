namespace Fulcrum.Web.Features.Modules;

public sealed record ModuleInfo(string Name, string Path, string Question, string Summary, IReadOnlyList<string> Instruments);

/// <summary>The product's modules, for navigation and for the pages that stand in until a module lands.
/// When a module ships its own pages, it takes its path out of <see cref="ModulePlaceholder"/>.</summary>
public static class Modules
{
    public static IReadOnlyList<ModuleInfo> All { get; } =
    [
        new("Delivery", "/delivery", "Was it on time? Did it launch without much fanfare?",
            "The quality of delivery per service and per team.",
            ["The five DORA metrics with sample sizes and bands", "Lead time by commit ancestry", "Incident to deployment attribution", "Boring-launch rate and on-time initiatives"]),
        new("Estimation", "/estimation", "How is work estimated, and how good are the estimates?",
            "Real-time planning poker in the browser and the terminal, closed by calibration.",
            ["Planning poker rooms with private votes", "Estimates against actual outcomes", "Forecasts from the team's own history"]),
        new("Careers", "/careers", "Does everyone know how to grow here?",
            "Career ladders with parallel tracks, consensus assessments, growth plans and recognition.",
            ["Ladders as files, with imports of published frameworks", "Assessments that show agreement and disagreement", "Kudos and a brag document the person owns"]),
        new("Leverage", "/leverage", "Is my presence in this meeting essential?",
            "Where a leader's time goes, and which activities are high or low leverage.",
            ["Calendar import (iCalendar)", "Meeting load, focus time and 1:1 cadence", "Keep, delegate, make async, decline or sunset"]),
        new("Team design", "/decisions", "Build it or hire it? Which business metric should this decision move?",
            "Skills coverage, decision records, review-feedback balance and improvement experiments.",
            ["Skills matrix against the roadmap", "Decision records with review dates", "The leader's weekly review"]),
    ];
}
