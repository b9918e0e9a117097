using Fulcrum.Core;
using Fulcrum.Core.Csv;

namespace Fulcrum.Cli;

/// <summary>How the import commands say what is wrong with their files.</summary>
public static class ImportFiles
{
    /// <summary>The problems on standard error, one a line: the first <see cref="ProblemException.ListedLimit"/>, then how many more.</summary>
    public static void PrintProblems(FileInfo path, IReadOnlyCollection<CsvProblem> problems)
    {
        foreach (var problem in ProblemException.Listed(problems))
        {
            Console.Error.WriteLine($"{path.Name}: {problem}");
        }
        if (ProblemException.Unlisted(problems.Count) is { } more)
        {
            Console.Error.WriteLine($"{path.Name}: {more}");
        }
    }
}
