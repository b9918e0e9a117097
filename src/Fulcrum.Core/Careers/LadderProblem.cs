using System.Diagnostics.CodeAnalysis;

namespace Fulcrum.Core.Careers;

/// <summary>
/// One thing wrong with a ladder file or an import, located as a person would find it in an editor:
/// the file (when several were given), the line (1-based; 0 when the problem belongs to no one
/// line, such as a missing level) and the field, written as a path ("levels[3].title").
/// </summary>
public sealed record LadderProblem(string? Source, int Line, string Field, string Message) : ProblemEntry(Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"line {Line}, field '{Field}'" : $"field '{Field}'";
        return Source is null ? $"{where}: {Message}" : $"{Source}, {where}: {Message}";
    }
}

/// <summary>A ladder, or every reason there is none. Never a half-built ladder next to problems.</summary>
public sealed record LadderResult(Ladder? Ladder, IReadOnlyList<LadderProblem> Problems)
{
    [MemberNotNullWhen(true, nameof(Ladder))]
    public bool Succeeded => Ladder is not null;
}
