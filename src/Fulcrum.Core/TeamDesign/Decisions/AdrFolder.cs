namespace Fulcrum.Core.TeamDesign;

/// <summary>Every record of a folder that read without problems, in file-name order, and every problem of every file.</summary>
public sealed record AdrFolderResult(IReadOnlyList<(string File, DecisionDocument Document)> Documents, IReadOnlyList<AdrProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// A <c>docs/adr</c>-style folder of decision records. Whoever imports it refuses the whole folder when
/// there is any problem, so nothing is half-imported; the problems name each file, line and field.
/// </summary>
public static class AdrFolder
{
    /// <summary>
    /// Reads every <c>*.md</c> directly in <paramref name="directory"/> (not sub-folders) in file-name order,
    /// skipping what is not a decision: README.md, index.md, template.md, adr-template.md, *-template.md,
    /// and a 0000-*.md whose title is a template's placeholder ("{short title …}", "[short title]", "… template").
    /// </summary>
    public static AdrFolderResult Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return new([], [new(directory, 0, "folder", "the folder does not exist")]);
        }
        var files = new List<(string Name, byte[] Bytes)>();
        var problems = new List<AdrProblem>();
        var paths = Directory.EnumerateFiles(directory, "*.md", SearchOption.TopDirectoryOnly);
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            if (IsNotADecision(name))
            {
                continue;
            }
            try
            {
                if (new FileInfo(path).Length > AdrLimits.FileBytes)
                {
                    problems.Add(new(name, 0, "file", $"the file is larger than {AdrLimits.FileBytes / 1024} KB, the most a decision record may be"));
                    continue;
                }
                files.Add((name, File.ReadAllBytes(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new(name, 0, "file", $"could not be read: {e.Message}"));
            }
        }
        var read = ReadFiles(files);
        return new(read.Documents, [.. problems, .. read.Problems]);
    }

    /// <summary>
    /// Named files as one folder (an upload, a zip): the <c>*.md</c> ones in file-name order, skipping
    /// what is not a decision as <see cref="Read(string)"/> does.
    /// </summary>
    public static AdrFolderResult ReadFiles(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        var documents = new List<(string, DecisionDocument)>();
        var problems = new List<AdrProblem>();
        foreach (var (name, bytes) in files.Where(f => f.Name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !IsNotADecision(f.Name))
                     .OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (bytes.Length > AdrLimits.FileBytes)
            {
                problems.Add(new(name, 0, "file", $"the file is larger than {AdrLimits.FileBytes / 1024} KB, the most a decision record may be"));
                continue;
            }
            if (name.StartsWith("0000-", StringComparison.Ordinal) && IsTemplate(bytes))
            {
                continue;
            }
            var result = AdrMarkdown.Read(name, bytes);
            problems.AddRange(result.Problems);
            if (result.Document is { } document)
            {
                documents.Add((name, document));
            }
        }
        return new(documents, problems);
    }

    private static bool IsNotADecision(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower is "readme.md" or "index.md" or "template.md" or "adr-template.md" || lower.EndsWith("-template.md", StringComparison.Ordinal);
    }

    /// <summary>MADR and adr-tools ship their template as 0000-…; its title is a placeholder, not a decision.</summary>
    private static bool IsTemplate(byte[] bytes)
    {
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n').Select(line => line.Trim()).ToList();
        // Skip front matter, whose YAML comments also start with '# '.
        var body = lines.Count > 0 && lines[0].TrimStart('\uFEFF') == "---" ? lines.Skip(lines.FindIndex(1, line => line == "---") + 1) : lines;
        var title = body.FirstOrDefault(line => line.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();
        return title is null
            || title.StartsWith('{') || title.StartsWith('[')
            || title.Contains("template", StringComparison.OrdinalIgnoreCase);
    }
}
