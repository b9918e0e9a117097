using Fulcrum.Core;
using Fulcrum.Core.Csv;

namespace Fulcrum.Cli;

/// <summary>How the import commands read their files and say what is wrong with them.</summary>
public static class ImportFiles
{
    /// <summary>The file's text. It must be UTF-8: otherwise refused (exit 1), naming the file, the row
    /// (the line of a JSON file) and the byte offset, instead of importing U+FFFD in its place.</summary>
    public static async Task<TextReader> OpenAsync(FileInfo path, bool json, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path.FullName, cancellationToken);
        try
        {
            return new StringReader(ImportText.Decode(bytes, json));
        }
        catch (ProblemException e) when (e.Kind == ProblemKind.Unreadable)
        {
            throw ProblemException.Unreadable(e.Title, $"Nothing was imported: {path.Name}: {e.Message}.", e.Entries);
        }
    }

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
