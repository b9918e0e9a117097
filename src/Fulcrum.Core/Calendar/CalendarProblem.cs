namespace Fulcrum.Core.Calendar;

/// <summary>
/// One thing wrong in a calendar file, at the line a person would open it at (the first physical
/// line of a folded content line; the first line of the file is 1). Line 0 means the file as a whole.
/// </summary>
public sealed record CalendarProblem(int Line, string Text) : ProblemEntry(Text)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Text}" : Text;
}
