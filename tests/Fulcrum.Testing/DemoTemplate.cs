using Fulcrum.Web.Data;
using Microsoft.Data.Sqlite;

namespace Fulcrum.Testing;

/// <summary>
/// The demo organisation seeded once per test run into a SQLite file, and copied for each test that
/// asks for a demo server without a database of its own. A copy is the same as seeding again: the
/// demo's dates are relative to the day it was seeded, so a template from an earlier UTC day is made
/// again. Tests of the seeding itself pass their own database and seed from scratch.
/// </summary>
public static class DemoTemplate
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Path, DateOnly Day)? template;

    public static async Task<DatabaseTarget> CopyAsync()
    {
        string source;
        await Gate.WaitAsync();
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            if (template is not { } made || made.Day != today)
            {
                var target = TestDatabases.NewSqlite();
                await using (await FulcrumServer.StartAsync(target, demo: true))
                {
                }
                SqliteConnection.ClearAllPools();
                template = (target.ConnectionString.Split('=', ';')[1], today);
            }
            source = template.Value.Path;
        }
        finally
        {
            Gate.Release();
        }
        var copy = TestDatabases.NewSqlite();
        var destination = copy.ConnectionString.Split('=', ';')[1];
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(source + suffix))
            {
                File.Copy(source + suffix, destination + suffix);
            }
        }
        return copy;
    }
}
