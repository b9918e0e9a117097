using Fulcrum.Core;
using Fulcrum.Core.Delivery;
using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Web.Features.Delivery;

public sealed record IngestReport(
    string Service, string Repository, int NewCommits, int TotalCommits, bool Changed, TimeSpan Elapsed, bool RegisteredService = false, int TaggedDeployments = 0);

/// <summary>
/// Reads a service's repository: the first time all of its history, afterwards only commits that
/// are not reachable from the tips seen last time (or from those of the service's other
/// repositories). Nothing changed → one <c>git for-each-ref</c> and done. A commit is stored once
/// per service, whichever of its repositories it is read from. Commits and the new tips are stored in one transaction, then attribution is rebuilt.
/// A repository that cannot be read is refused by <see cref="GitRepository"/> as a <see cref="Core.ProblemException"/>.
/// </summary>
public sealed class DeliveryIngest(
    FulcrumDbContext db, AttributionRefresh attribution, DeliveryImporter importer, TimeProvider clock, ILogger<DeliveryIngest> logger)
{
    /// <param name="releaseTagPattern">Also record tags matching this glob (e.g. <c>v*</c>) as production deployments.</param>
    public async Task<IngestReport> IngestAsync(
        string repositoryPath, string serviceName, CancellationToken cancellationToken = default, string? releaseTagPattern = null)
    {
        var started = clock.GetTimestamp();
        // A new service is registered under this name, and it is looked up first: PostgreSQL refuses a NUL even in a query.
        if (TextRules.Sentence("A service name", serviceName.Trim(), db.Model.Text<Organisation.Service>(nameof(Organisation.Service.Name))) is { } nameProblem)
        {
            throw ProblemException.InvalidField("service", nameProblem);
        }
        var git = new GitRepository(repositoryPath);
        await git.CheckAsync(cancellationToken);
        if (TextRules.Sentence("A repository's path", git.Path, db.Model.Text<SourceRepository>(nameof(SourceRepository.Path))) is { } pathProblem)
        {
            throw ProblemException.InvalidField("repository", pathProblem);
        }
        var service = await db.Services.SingleOrDefaultAsync(s => s.Name == serviceName, cancellationToken);
        var registered = false;
        if (service is null)
        {
            // Naming a service with its repository is registration enough; a leader assigns the team later.
            service = db.Services.Add(new Organisation.Service { Name = serviceName.Trim(), Repository = git.Path, CreatedAt = clock.GetUtcNow().UtcDateTime }).Entity;
            await db.SaveChangesAsync(cancellationToken);
            registered = true;
        }

        var repository = await db.Repositories.SingleOrDefaultAsync(r => r.ServiceId == service.Id && r.Path == git.Path, cancellationToken);
        var refs = await git.ReadRefsAsync(cancellationToken);
        var tips = refs.Values.Distinct().Order(StringComparer.Ordinal).ToList();
        var known = repository?.Tips.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (repository is not null && tips.SequenceEqual(known))
        {
            // No new commits, but tags asked for now (perhaps for the first time) may still be new deployments.
            var fromTags = releaseTagPattern is null ? 0 : await ImportTagsAsync(git, service.Name, releaseTagPattern, cancellationToken);
            return new IngestReport(service.Name, git.Path, 0, await TotalCommitsAsync(service.Id, cancellationToken), fromTags > 0,
                clock.GetElapsedTime(started), TaggedDeployments: fromTags);
        }

        await using (var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken))
        {
            if (repository is null)
            {
                repository = db.Repositories.Add(new SourceRepository { ServiceId = service.Id, Path = git.Path }).Entity;
                await db.SaveChangesAsync(cancellationToken);
            }
            logger.LogInformation("Reading {Repository} for {Service}", git.Path, service.Name);
            var firstRead = !await db.Commits.AnyAsync(c => c.ServiceId == service.Id, cancellationToken);
            var exclude = firstRead ? [] : await AlreadyReadAsync(git, service.Id, repository.Id, known, cancellationToken);
            var added = await CommitStore.InsertAsync(db, service.Id, repository.Id, git, tips, exclude, firstRead, cancellationToken);
            repository.Tips = string.Join('\n', tips);
            repository.CommitCount += added;
            repository.LastIngestedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            var tagged = releaseTagPattern is null ? 0 : await ImportTagsAsync(git, service.Name, releaseTagPattern, cancellationToken);
            if (tagged == 0)
            {
                await attribution.RefreshAsync(service.Id, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            var total = await TotalCommitsAsync(service.Id, cancellationToken);
            logger.LogInformation("Read {Added} new commits from {Repository} ({Total} in all)", added, git.Path, total);
            return new IngestReport(service.Name, git.Path, added, total, true, clock.GetElapsedTime(started), registered, tagged);
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
        GitRepository git, int serviceId, int repositoryId, IEnumerable<string> known, CancellationToken cancellationToken)
    {
        var others = await db.Repositories.Where(r => r.ServiceId == serviceId && r.Id != repositoryId).Select(r => r.Tips).ToListAsync(cancellationToken);
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
                var parents = await db.Commits.Where(c => c.ServiceId == serviceId && chunk.Contains(c.Sha)).Select(c => c.Parents).ToListAsync(cancellationToken);
                frontier.AddRange(parents.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(seen.Add));
            }
        }
        return present;
    }

    /// <summary>Commits stored for the service: each is counted in the one repository it was first read from.</summary>
    private Task<int> TotalCommitsAsync(int serviceId, CancellationToken cancellationToken) =>
        db.Repositories.Where(r => r.ServiceId == serviceId).SumAsync(r => r.CommitCount, cancellationToken);

    /// <summary>Tags matching the pattern as production deployments; returns how many were new.</summary>
    private async Task<int> ImportTagsAsync(GitRepository git, string serviceName, string pattern, CancellationToken cancellationToken)
    {
        var tags = await git.ReadTagsAsync(pattern, cancellationToken);
        return (await importer.ImportReleaseTagsAsync(serviceName, tags, cancellationToken)).Created;
    }
}
