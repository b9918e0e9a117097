using System.IO.Compression;
using Fulcrum.Core;
using Fulcrum.Core.TeamDesign;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Web.Features.TeamDesign;

/// <summary>
/// ADR files as an import request sends them: the .md files of a form (or a .zip of a docs/adr
/// folder), read as <see cref="AdrFolder"/> reads a folder, skipping READMEs, indexes and templates.
/// Any file with a problem refuses the whole request, with every problem by file, line and field.
/// </summary>
public static class DecisionFiles
{
    public static async Task<IReadOnlyList<(string File, DecisionDocument Document)>> ReadAsync(HttpRequest request, long limitBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limitBytes)
        {
            throw ProblemException.TooLarge("The files are too large", $"An import may be up to {limitBytes / (1024 * 1024)} MB.");
        }
        if (!request.HasFormContentType)
        {
            throw ProblemException.InvalidField("files", "Send the ADR files (.md, or a .zip of the folder) as multipart/form-data.", "No files");
        }
        var form = await request.ReadFormAsync(cancellationToken);
        var files = new List<(string Name, byte[] Bytes)>();
        foreach (var file in form.Files.Where(f => f.Length > 0))
        {
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, cancellationToken);
            if (file.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                files.AddRange(Unzip(copy, file.FileName, limitBytes));
            }
            else
            {
                files.Add((Path.GetFileName(file.FileName), copy.ToArray()));
            }
        }
        return Read(files);
    }

    /// <summary>Reads named files as one folder: documents in file-name order, or a refusal naming every problem.</summary>
    public static IReadOnlyList<(string File, DecisionDocument Document)> Read(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        var (documents, problems) = AdrFolder.ReadFiles(files);
        if (problems.Count > 0)
        {
            throw ProblemException.Invalid("The decision records were not imported", problems.Select(p => p.ToString()),
                $"{problems.Count} problem(s); nothing was changed. First: {problems[0]}");
        }
        return documents.Count > 0
            ? documents
            : throw ProblemException.InvalidField("files", "No decision record among the files: send the .md files of a docs/adr folder.", "No decision records");
    }

    private static IEnumerable<(string, byte[])> Unzip(Stream zip, string name, long limitBytes)
    {
        zip.Position = 0;
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw ProblemException.InvalidField("files", $"{name} is not a readable zip file.", "No files");
        }
        var files = new List<(string, byte[])>();
        long total = 0;
        foreach (var entry in archive.Entries.Where(e => e.Name.Length > 0))
        {
            total += entry.Length;
            if (total > limitBytes)
            {
                throw ProblemException.TooLarge("The files are too large", $"{name} unpacks to more than {limitBytes / (1024 * 1024)} MB.");
            }
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files.Add((entry.Name, copy.ToArray()));
        }
        return files;
    }
}
