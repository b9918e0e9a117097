using Fulcrum.Core;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Web.Features.Delivery;

public sealed record IngestReport(
    string Service, string Repository, int NewCommits, int TotalCommits, bool Changed, TimeSpan Elapsed, bool RegisteredService = false, int TaggedDeployments = 0);

/// <summary>
/// Reads a service's repository: the first time all of its history, afterwards only commits that
/// are not reachable from the tips seen last time (or from those of the service's other
/// repositories). Nothing changed → one <c>git for-each-ref</c> and done. A commit is stored once
/// per service, whichever of its repositories it is read from. Commits and the new tips are stored in one transaction, then attribution is rebuilt (when the service has deployments or incidents to attribute).
/// A repository that cannot be read is refused by <see cref="GitRepository"/> as a <see cref="Core.ProblemException"/>.
/// Everything up to the attribution is plain SQL (<see cref="IngestSql"/>), so that a process that
/// starts cold reads git while EF Core starts beside it (<c>ownConnection</c>).
/// </summary>
public sealed class DeliveryIngest(
    FulcrumDbContext db, DatabaseTarget database, AttributionRefresh attribution, DeliveryImporter importer, TimeProvider clock, ILogger<DeliveryIngest> logger)
{
    /// <param name="releaseTagPattern">Also record tags matching this glob (e.g. <c>v*</c>) as production deployments.</param>
    /// <param name="ownConnection">The CLI's way: work on a connection of its own while EF Core builds its
    /// model on another thread (half a second of a cold process, which used to come before the first commit
    /// was read), and hand EF Core that connection and transaction for the attribution. Without it the ingest
    /// uses EF Core's connection and joins the caller's transaction if one is open (the demo seeds in one).</param>
    public async Task<IngestReport> IngestAsync(
        string repositoryPath, string serviceName, CancellationToken cancellationToken = default, string? releaseTagPattern = null, bool ownConnection = false)
    {
        var started = clock.GetTimestamp();
        // A new service is registered under this name, and it is looked up first: PostgreSQL refuses a NUL even in a query.
        if (TextRules.Sentence("A service name", serviceName.Trim(), new TextField(Organisation.Service.NameLength)) is { } nameProblem)
        {
            throw ProblemException.InvalidField("service", nameProblem);
        }
        if (releaseTagPattern is not null && TextRules.Sentence("A release-tag glob", releaseTagPattern, new TextField(SourceRepository.ReleaseTagsLength)) is { } tagsProblem)
        {
            throw ProblemException.InvalidField("releaseTags", tagsProblem);
        }
        var efCore = Task.CompletedTask;
        var git = new GitRepository(repositoryPath);
        await using var sql = ownConnection ? await IngestSql.OpenAsync(database, cancellationToken) : await IngestSql.OnAsync(db, cancellationToken);
        try
        {
            await git.CheckAsync(cancellationToken);
            if (TextRules.Sentence("A repository's path", git.Path, new TextField(SourceRepository.PathLength)) is { } pathProblem)
            {
                throw ProblemException.InvalidField("repository", pathProblem);
            }
            var service = await sql.ServiceAsync(serviceName, cancellationToken);
            var registered = false;
            if (service is null)
            {
                // Naming a service with its repository is registration enough; a leader assigns the team later.
                service = await sql.RegisterServiceAsync(serviceName.Trim(), git.Path, clock.GetUtcNow().UtcDateTime, cancellationToken);
                registered = true;
            }
            var (serviceId, name) = service.Value;

            var repository = await sql.RepositoryAsync(serviceId, git.Path, cancellationToken);
            var refs = await git.ReadRefsAsync(cancellationToken);
            var tips = refs.Values.Distinct().Order(StringComparer.Ordinal).ToList();
            var known = repository?.Tips.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (repository is not null && tips.SequenceEqual(known))
            {
                // No new commits, but tags asked for now (perhaps for the first time) may still be new deployments.
                var total = await sql.TotalCommitsAsync(serviceId, cancellationToken);
                var fromTags = 0;
                if (releaseTagPattern is not null)
                {
                    await sql.RememberReleaseTagsAsync(repository.Value.Id, releaseTagPattern, cancellationToken);
                    await sql.HandToAsync(db, efCore, cancellationToken);
                    fromTags = await ImportTagsAsync(git, name, releaseTagPattern, cancellationToken);
                }
                return new IngestReport(name, git.Path, 0, total, fromTags > 0, clock.GetElapsedTime(started), TaggedDeployments: fromTags);
            }

            // With no deployments and no incidents (a service's first ingest, before any are imported) there is
            // nothing to attribute: no shipped changes can exist (they belong to deployments), so EF Core is not needed.
            var attributes = releaseTagPattern is not null || await sql.HasDeploymentsOrIncidentsAsync(serviceId, cancellationToken);
            if (ownConnection && attributes)
            {
                // EF Core builds its model while git is read (nothing is done on db meanwhile).
                efCore = Task.Run(() => { _ = db.Model; }, cancellationToken);
            }
            await sql.BeginAsync(cancellationToken);
            var repositoryId = repository?.Id ?? await sql.AddRepositoryAsync(serviceId, git.Path, cancellationToken);
            logger.LogInformation("Reading {Repository} for {Service}", git.Path, name);
            var firstRead = !await sql.HasCommitsAsync(serviceId, cancellationToken);
            var exclude = firstRead ? [] : await AlreadyReadAsync(sql, git, serviceId, repositoryId, known, cancellationToken);
            var added = await CommitStore.InsertAsync(sql.Connection, sql.Transaction, sql.IsNpgsql, serviceId, repositoryId, git, tips, exclude, firstRead, cancellationToken);
            await sql.UpdateRepositoryAsync(repositoryId, string.Join('\n', tips), added, clock.GetUtcNow().UtcDateTime, cancellationToken);
            if (releaseTagPattern is not null)
            {
                await sql.RememberReleaseTagsAsync(repositoryId, releaseTagPattern, cancellationToken);
            }
            var tagged = 0;
            if (attributes)
            {
                await sql.HandToAsync(db, efCore, cancellationToken);
                tagged = releaseTagPattern is null ? 0 : await ImportTagsAsync(git, name, releaseTagPattern, cancellationToken);
                if (tagged == 0)
                {
                    await attribution.RefreshAsync(serviceId, cancellationToken);
                }
            }
            await sql.CommitAsync(cancellationToken);
            var totalCommits = await sql.TotalCommitsAsync(serviceId, cancellationToken);
            logger.LogInformation("Read {Added} new commits from {Repository} ({Total} in all)", added, git.Path, totalCommits);
            return new IngestReport(name, git.Path, added, totalCommits, true, clock.GetElapsedTime(started), registered, tagged);
        }
        finally
        {
            // EF Core must not be left building its model on another thread when the command ends.
            await efCore.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>How many rounds of parents <see cref="AlreadyReadAsync"/> follows from a commit git no longer has.</summary>
    private const int MissingTipDepth = 50;

    /// <summary>
    /// Commits this repository has whose history the service already holds, for the walk to stop at:
    /// the tips seen last time, and those of the service's other repositories (a new clone of the same
    /// repository then reads nothing). A tip git no longer has — history rewritten, force-pushed and
    /// garbage-collected, or a clone that never had it — would make git refuse the whole walk
    /// ("bad object"), so it is replaced by its nearest stored ancestors git still has, followed up to
    /// <see cref="MissingTipDepth"/> parents deep. Past that the walk reads more than it needs, and
    /// what the service already has is skipped as it is stored: nothing is lost and nothing counted twice.
    /// </summary>
    private async Task<List<string>> AlreadyReadAsync(
        IngestSql sql, GitRepository git, int serviceId, int repositoryId, IEnumerable<string> known, CancellationToken cancellationToken)
    {
        var others = await sql.OtherTipsAsync(serviceId, repositoryId, cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var frontier = known.Concat(others.SelectMany(t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries))).Where(seen.Add).ToList();
        var present = new List<string>();
        for (var depth = 0; frontier.Count > 0 && depth <= MissingTipDepth; depth++)
        {
            var existing = await git.ExistingCommitsAsync(frontier, cancellationToken);
            present.AddRange(frontier.Where(existing.Contains));
            var missing = frontier.Where(sha => !existing.Contains(sha)).ToList();
            if (missing.Count > 0)
            {
                logger.LogInformation("{Count} commit(s) read before are no longer in {Repository}; reading on from their ancestors", missing.Count, git.Path);
            }
            frontier = [];
            foreach (var chunk in missing.Chunk(500))
            {
                var parents = await sql.ParentsAsync(serviceId, chunk, cancellationToken);
                frontier.AddRange(parents.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(seen.Add));
            }
        }
        return present;
    }

    /// <summary>Tags matching the pattern as production deployments; returns how many were new.</summary>
    private async Task<int> ImportTagsAsync(GitRepository git, string serviceName, string pattern, CancellationToken cancellationToken)
    {
        var tags = await git.ReadTagsAsync(pattern, cancellationToken);
        return (await importer.ImportReleaseTagsAsync(serviceName, tags, cancellationToken)).Created;
    }
}
