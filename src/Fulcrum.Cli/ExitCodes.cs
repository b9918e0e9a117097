using Fulcrum.Core;

namespace Fulcrum.Cli;

/// <summary>
/// The exit codes of <c>fulcrum</c> (the table in the README), and the one place a refusal becomes one.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The input was refused: a bad argument or file, a conflict with what is stored, too much at once.</summary>
    public const int BadInput = 1;

    /// <summary>Refused for good: the database cannot be used (unreachable, not a Fulcrum database, written by a newer Fulcrum), or a server refuses your token or role.</summary>
    public const int Refused = 2;

    /// <summary>No such file, record, team or room.</summary>
    public const int NotFound = 3;

    public static int Of(ProblemException problem) => problem.Kind switch
    {
        ProblemKind.NotFound => NotFound,
        ProblemKind.Forbidden or ProblemKind.Unavailable => Refused,
        _ => BadInput,
    };
}
