using System.CommandLine;
using System.Text.Json;
using Fulcrum.Core;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Cli;

public static class OrgCommands
{
    public static Command Build()
    {
        var kind = new Argument<string>("kind") { Description = "teams or people." };
        kind.AcceptOnlyFromAmong("teams", "people");
        var file = new Argument<FileInfo>("file") { Description = "CSV file with a header row (see docs/organisation.md)." };
        var import = new Command("import", "Import teams or people from CSV. All or nothing.") { kind, file };
        import.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                throw ProblemException.NotFound($"No such file: {path.FullName}");
            }
            using var reader = await ImportFiles.OpenAsync(path, json: false, cancellationToken);
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var importer = cli.Get<OrganisationImporter>();
            var what = parseResult.GetValue(kind)!;
            var report = what == "teams"
                ? await importer.ImportTeamsAsync(reader, cancellationToken)
                : await importer.ImportPeopleAsync(reader, cancellationToken);
            if (!report.Succeeded)
            {
                ImportFiles.PrintProblems(path, report.Problems);
                throw ProblemException.Invalid($"Nothing was imported: {report.Problems.Count} problem(s) in {path.Name}.");
            }
            Console.WriteLine($"Imported {what}: {report.Created} created, {report.Updated} updated.");
            return ExitCodes.Ok;
        });

        var exportKind = new Argument<string>("kind") { Description = "teams or people." };
        exportKind.AcceptOnlyFromAmong("teams", "people");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Write teams or people as CSV in the import format, to edit and import back.") { exportKind, output };
        export.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var importer = cli.Get<OrganisationImporter>();
            var target = parseResult.GetValue(output);
            await using var writer = target is null ? Console.Out : new StreamWriter(target.FullName);
            if (parseResult.GetValue(exportKind) == "teams")
            {
                await importer.ExportTeamsAsync(writer, cancellationToken);
            }
            else
            {
                await importer.ExportPeopleAsync(writer, cancellationToken);
            }
            return ExitCodes.Ok;
        });

        var format = new Option<string>("--format") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var show = new Command("show", "Print the teams, people and services.") { format };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var cli = await CliServices.OpenAsync(parseResult, cancellationToken: cancellationToken);
            var db = cli.Get<FulcrumDbContext>();
            var teams = await db.Teams.OrderBy(t => t.Name).ProjectTeams().ToListAsync(cancellationToken);
            var people = await db.People.OrderBy(p => p.Name).ProjectPeople().ToListAsync(cancellationToken);
            var services = await db.Services.OrderBy(s => s.Name).ProjectServices().ToListAsync(cancellationToken);
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new { teams, people, services }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
                return ExitCodes.Ok;
            }
            Console.WriteLine($"TEAMS ({teams.Count})");
            foreach (var team in teams)
            {
                Console.WriteLine($"  {team.Name,-24} {(team.ParentTeamName is null ? "" : "in " + team.ParentTeamName),-20} {team.MemberCount} people, {team.ServiceCount} services");
            }
            Console.WriteLine($"PEOPLE ({people.Count})");
            foreach (var person in people)
            {
                Console.WriteLine($"  {person.Name,-24} {person.Email,-34} {person.TeamName,-14} {person.Track,-10} {person.Level}");
            }
            Console.WriteLine($"SERVICES ({services.Count})");
            foreach (var service in services)
            {
                Console.WriteLine($"  {service.Name,-24} {service.TeamName}");
            }
            return ExitCodes.Ok;
        });

        return new Command("org", "The organisation: teams, people, services.") { import, export, show };
    }
}
