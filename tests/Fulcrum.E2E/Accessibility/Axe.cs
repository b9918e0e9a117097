using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Fulcrum.E2E.Accessibility;

/// <summary>
/// Runs axe-core (npm, copied next to the tests by the build) in a page and describes what it
/// finds in words a developer can act on: the rule, its impact, what to fix and where.
/// </summary>
public static class Axe
{
    /// <summary>WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices.</summary>
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

    private static readonly Lazy<string> Source = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe.min.js")));

    private const string Run = """
        async tags => {
            const results = await axe.run(document, { runOnly: tags });
            return results.violations.map(v => ({
                id: v.id,
                impact: v.impact ?? "",
                help: v.help,
                helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({ target: n.target.join(" "), summary: n.failureSummary ?? "" })),
            }));
        }
        """;

    /// <summary>Each violation on the page as it is now, one entry per rule, already described; empty when it passes.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("typeof axe !== 'undefined'"))
        {
            // Evaluated rather than added as a <script> element: the page's Content-Security-Policy
            // refuses inline scripts, but not what the test runner evaluates.
            await page.EvaluateAsync(Source.Value + "\n;true");
        }
        var violations = await page.EvaluateAsync<JsonElement>(Run, Tags);
        return violations.EnumerateArray().Select(Describe).ToList();
    }

    private static string Describe(JsonElement violation)
    {
        var text = new StringBuilder();
        text.Append($"{violation.GetProperty("id").GetString()} ({violation.GetProperty("impact").GetString()}): ");
        text.Append($"{violation.GetProperty("help").GetString()} <{violation.GetProperty("helpUrl").GetString()}>");
        var nodes = violation.GetProperty("nodes").EnumerateArray().ToList();
        foreach (var node in nodes.Take(5))
        {
            // The summary says what is wrong with this element, e.g. the contrast ratio and both colours.
            var summary = string.Join(" ", (node.GetProperty("summary").GetString() ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            text.Append($"\n      at {node.GetProperty("target").GetString()}: {summary}");
        }
        if (nodes.Count > 5)
        {
            text.Append($"\n      and {nodes.Count - 5} more elements");
        }
        return text.ToString();
    }
}
