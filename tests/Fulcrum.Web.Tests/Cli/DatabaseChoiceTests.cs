using Fulcrum.Testing;

namespace Fulcrum.Web.Tests.Cli;

/// <summary>
/// Which database a command works on, and what it says when that is not a Fulcrum database: only
/// serve, db migrate and the first-run user add create one; the rest refuse and create nothing.
/// </summary>
public sealed class DatabaseChoiceTests
{
    [Fact]
    public async Task A_read_command_on_a_mistyped_path_refuses_and_creates_neither_file_nor_folder()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-choice").FullName;
        var mistyped = Path.Combine(folder, "typo", "fulcrm.db");

        var report = await CliProcess.RunAsync(mistyped, null, "delivery", "report");
        var show = await CliProcess.RunAsync(mistyped, null, "org", "show");

        Assert.Equal((3, 3), (report.ExitCode, show.ExitCode));
        Assert.Contains($"error: There is no Fulcrum database at {mistyped}. Create one with `fulcrum db migrate`", report.Error);
        Assert.Equal("", report.Output);
        Assert.False(Directory.Exists(Path.Combine(folder, "typo")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_or_an_unreachable_server_is_refused_with_exit_2_and_no_stack_trace()
    {
        var notADatabase = Path.Combine(Directory.CreateTempSubdirectory("fulcrum-choice").FullName, "notes.txt");
        await File.WriteAllTextAsync(notADatabase, "root:x:0:0:root:/root:/bin/bash\n" + new string('x', 4096));

        var file = await CliProcess.RunAsync(notADatabase, null, "org", "show");
        var server = await CliProcess.RunAsync("Host=127.0.0.1;Port=1;Database=fulcrum;Username=fulcrum;Timeout=3", null, "org", "show");

        Assert.Equal(2, file.ExitCode);
        Assert.Equal($"error: Cannot use the SQLite file {notADatabase}: SQLite Error 26: 'file is not a database'.", file.Error.Trim());
        Assert.Equal(2, server.ExitCode);
        Assert.StartsWith("error: Cannot use the PostgreSQL database 'fulcrum' on 127.0.0.1:1: ", server.Error.Trim());
        Assert.DoesNotContain("   at ", file.Error + server.Error);
    }

    [Fact]
    public async Task Db_migrate_creates_and_says_so_then_commands_are_quiet_unless_verbose()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("fulcrum-choice").FullName, "new", "fulcrum.db");

        var created = await CliProcess.RunAsync(path, null, "db", "migrate");
        var quiet = await CliProcess.RunAsync(path, null, "org", "show");
        var verbose = await CliProcess.RunAsync(path, null, "org", "show", "--verbose");

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Schema version: ", created.Output);
        Assert.Equal((0, ""), (quiet.ExitCode, quiet.Error));
        Assert.Contains("Database schema is up to date", verbose.Error);
    }

    [Fact]
    public async Task A_command_on_a_database_one_version_behind_brings_it_up_to_date_first()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("fulcrum-choice").FullName, "fulcrum.db");
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Fulcrum.Web.Data.FulcrumDbContext>();
        Fulcrum.Web.Data.DatabaseTarget.Parse(path).Configure(options);
        await using (var db = new Fulcrum.Web.Data.FulcrumDbContext(options.Options))
        {
            await Fulcrum.Web.Data.DatabaseSchema.MigrateAsync(db, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
                Fulcrum.Web.Data.DatabaseSchema.KnownMigrations[^2]);
        }

        var behind = await CliProcess.RunAsync(path, null, "org", "show", "--verbose");
        var current = await CliProcess.RunAsync(path, null, "org", "show", "--verbose");

        Assert.Equal(0, behind.ExitCode);
        Assert.Contains($"Applying schema migration {Fulcrum.Web.Data.DatabaseSchema.KnownMigrations[^1]}", behind.Error);
        Assert.Equal(0, current.ExitCode);
        Assert.Contains($"Database schema is up to date at {Fulcrum.Web.Data.DatabaseSchema.KnownMigrations[^1]}", current.Error);
        Assert.DoesNotContain("Applying", current.Error);
    }

    [Fact]
    public async Task Demo_reads_the_demos_database_and_an_empty_report_names_the_database_it_read()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-choice").FullName;
        Assert.Equal(0, (await CliProcess.RunInAsync(folder, null, "db", "migrate", "--demo")).ExitCode);

        var status = await CliProcess.RunInAsync(folder, null, "db", "status", "--demo");
        var report = await CliProcess.RunInAsync(folder, null, "delivery", "report", "--demo");
        var plain = await CliProcess.RunInAsync(folder, null, "delivery", "report");

        Assert.Contains($"Database: SQLite file {Path.Combine(folder, "fulcrum-demo.db")}", status.Output);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal($"No deployments or commits in this window in the SQLite file {Path.Combine(folder, "fulcrum-demo.db")}.", report.Error.Trim());
        Assert.Equal(3, plain.ExitCode); // ./fulcrum.db was never made: said, not silently created
        Assert.Contains($"There is no Fulcrum database at {Path.Combine(folder, "fulcrum.db")}", plain.Error);
        Assert.Contains("the demo's is ./fulcrum-demo.db (--demo)", plain.Error);
    }
}
