using Fulcrum.Web.Data;

namespace Fulcrum.Testing;

/// <summary>Several Fulcrum nodes on one database, as behind a load balancer (docs/operations.md, "Several nodes").</summary>
public sealed class FulcrumCluster : IAsyncDisposable
{
    private FulcrumCluster(IReadOnlyList<FulcrumServer> nodes) => Nodes = nodes;

    public IReadOnlyList<FulcrumServer> Nodes { get; }

    public FulcrumServer this[int index] => Nodes[index];

    /// <param name="together">Start every node at once (what a deployment does), rather than one after the other.</param>
    public static async Task<FulcrumCluster> StartAsync(int nodes, DatabaseTarget database, bool together = false)
    {
        if (together)
        {
            return new FulcrumCluster(await Task.WhenAll(Enumerable.Range(0, nodes).Select(_ => FulcrumServer.StartAsync(database))));
        }
        var started = new List<FulcrumServer>();
        for (var i = 0; i < nodes; i++)
        {
            started.Add(await FulcrumServer.StartAsync(database));
        }
        return new FulcrumCluster(started);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
