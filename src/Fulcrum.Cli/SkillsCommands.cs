using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.TeamDesign;

namespace Fulcrum.Cli;

/// <summary>`fulcrum skills`: the skills matrix and a team's gap report (docs/team-design.md), on the database.</summary>
public static class SkillsCommands
{
    public static Command Build() => new("skills", "The skills matrix and each team's build-or-hire gap report (docs/team-design.md).")
    {
        Import(),
        Gaps(),
    };

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV with the header email,skill,level[,confirmed_level,confirmed_by] (docs/team-design.md)." };
        var command = new Command("import", "Import people's skill levels from CSV. All or nothing; skills not in the file stay.") { file };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                throw ProblemException.NotFound($"No such file: {path.FullName}");
            }
            using var reader = await ImportFiles.OpenAsync(path, json: false, cancellationToken);
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var report = await cli.Get<TeamSkills>().ImportAsync(reader, cancellationToken);
            if (!report.Succeeded)
            {
                ImportFiles.PrintProblems(path, report.Problems);
                throw ProblemException.Invalid($"Nothing was imported: {report.Problems.Count} problem(s) in {path.Name}.");
            }
            Console.WriteLine($"Imported skills: {report.Created} added, {report.Updated} updated.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Gaps()
    {
        var team = new Option<string>("--team") { Description = "The team, by name or id.", Required = true };
        var viewer = new Option<string?>("--as") { Description = "Show names and levels as this person (email) may see them: their own and their reporting line's. Without it, coverage only." };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("gaps",
            "For each current or coming initiative of the team: who covers each skill it needs, single points of knowledge, and for every missing person whether to grow someone or hire.")
        {
            team, viewer, format,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var viewerId = parseResult.GetValue(viewer) is { } email ? await cli.PersonIdAsync(email, cancellationToken) : 0;
            var roadmap = cli.Get<TeamRoadmap>();
            var everyTeam = new TeamScope(viewerId, "", null, _ => true);
            var report = await roadmap.GapsAsync(await roadmap.TeamAsync(parseResult.GetValue(team)!, everyTeam, cancellationToken), viewerId, cancellationToken);
            Console.Write(parseResult.GetValue(format) == "json"
                ? JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }) + "\n"
                : Table(report));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Table(GapReportView report)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        var s = report.Summary;
        Line($"Skill gaps of {report.Team.Name} on {report.Today:yyyy-MM-dd}: {Wording.Count(s.Needs, "need")}, {s.Covered} covered, {s.Uncovered} with nobody, "
            + $"{Wording.Count(s.PeopleMissing, "person", "people")} missing, {Wording.Count(s.SinglePointsOfKnowledge, "single point of knowledge", "single points of knowledge")}; "
            + $"plans: {s.Build} build, {s.Hire} hire.");
        var a = report.Assumptions;
        Line($"Assumptions{(a.Defaults ? " (defaults)" : "")}: {a.WeeksPerLevelStep} weeks a level at {a.LearningShare * 100:0.#}% of the week; "
            + $"hire in {a.WeeksToHire} + {a.RampUpWeeks} weeks, {Money(a.RecruitingCost)} to recruit, {Money(a.AnnualCost)} a year over {a.WorkingWeeksPerYear} weeks.");
        foreach (var initiative in report.Initiatives)
        {
            Line();
            Line($"{initiative.Name}: {initiative.StartsOn:yyyy-MM-dd}{(initiative.EndsOn is DateOnly end ? $" to {end:yyyy-MM-dd}" : "")}"
                + (initiative.WeeksUntilStart > 0 ? $", in {Wording.Count(initiative.WeeksUntilStart, "week")}" : ", under way"));
            Line($"  {"Skill",-24} {"Needed",-18} {"Covered",-8} Holders");
            foreach (var need in initiative.Needs)
            {
                var needed = $"{need.LevelName}{(need.People > 1 ? $" x{need.People}" : "")}";
                var flags = (need.SinglePointOfKnowledge ? " [single point of knowledge]" : "") + (need.Unconfirmed > 0 ? $" [{need.Unconfirmed} unconfirmed]" : "");
                Line($"  {need.Skill,-24} {needed,-18} {$"{need.Covered}/{need.People}",-8} {need.HoldersText(markOwnRating: false).Replace('—', '-')}{flags}");
                foreach (var plan in need.Plans)
                {
                    Line($"    {plan.Reason}");
                }
            }
        }
        return text.ToString();
    }

    private static string Money(long amount) => amount.ToString("#,0", CultureInfo.InvariantCulture);
}
