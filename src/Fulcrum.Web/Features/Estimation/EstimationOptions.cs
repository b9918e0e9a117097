using System.ComponentModel.DataAnnotations;
using Fulcrum.Core.Estimation;

namespace Fulcrum.Web.Features.Estimation;

/// <summary>
/// Timings of the live poker rooms, from the configuration section <c>Fulcrum:Estimation</c>
/// (environment: <c>Fulcrum__Estimation__SaveInterval=00:00:00.5</c>); docs/operations.md lists them.
/// A value out of range stops the server at start with the setting named.
/// </summary>
public sealed class EstimationOptions
{
    public const string Section = "Fulcrum:Estimation";

    /// <summary>How soon a changed room is written to the database (and so survives a restart).</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:00:30")]
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a new socket may take to say hello before it is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an empty, saved room stays in memory before it is unloaded (it reloads on the next join).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan IdleUnload { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a new room's facilitator may be gone before the role passes on (a refresh or a network blip should not).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan FacilitatorGrace { get; set; } = PokerRoomSettings.Default.FacilitatorGrace;

    /// <summary>
    /// How many frames may wait for a socket that is not reading them before it is closed (1008);
    /// the client reconnects and gets a fresh view.
    /// </summary>
    [Range(16, 65536)]
    public int SendQueueFrames { get; set; } = 1024;

    /// <summary>
    /// With several nodes on PostgreSQL (docs/operations.md, "Several nodes"): how long a node counts
    /// as alive after its last heartbeat (it beats three times in this time). When a node stops
    /// beating, its rooms move to another node within about this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01.5", "00:05:00")]
    public TimeSpan NodeLease { get; set; } = TimeSpan.FromSeconds(6);

    public PokerRoomSettings RoomSettings => new(FacilitatorGrace);
}
