using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;

namespace Fulcrum.Web.Tests.Careers;

/// <summary>The assessment and growth pages, read through the real server with a browser's cookie: outsiders learn nothing.</summary>
public sealed class CareerPagePrivacyTests
{
    [Fact]
    public async Task The_pages_show_a_cycle_and_a_plan_to_those_who_may_see_them_and_answer_404_to_everyone_else()
    {
        await using var a = await AssessmentTests.ArrangeAsync();
        var id = await AssessmentTests.OpenSofiasCycleAsync(a);
        await AssessmentTests.RateSofiasCycleAsync(a, id);
        await a.As["Sofia"].PostAsJsonAsync($"/api/v1/growth-plans/{a.Id["Sofia"]}/items", new { kind = "goal", title = "Mentor a new joiner" });

        async Task<(HttpStatusCode Status, string Html)> PageAsync(string who, string path)
        {
            var client = a.Server.CreateClient();
            await FulcrumServer.LogInAsync(client, $"{who.ToLowerInvariant()}@example.com");
            var response = await client.GetAsync(path);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        // While open, a rater's page carries their own evidence and nobody else's.
        var (status, html) = await PageAsync("Ethan", $"/careers/assessments/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        // Every rater wrote the same words here, so one occurrence is Ethan's own and nobody else's.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "What I saw of craft: a worked example."));
        (status, html) = await PageAsync("Amara", $"/careers/assessments/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("What I saw of", html);
        Assert.DoesNotContain("Your ratings", html);

        foreach (var who in new[] { "Lea", "Ivy", "Tom", "Olga" })
        {
            (status, html) = await PageAsync(who, $"/careers/assessments/{id}");
            Assert.True(status == HttpStatusCode.NotFound, $"{who}: {(int)status}");
            Assert.Contains("No such assessment", html);
            Assert.DoesNotContain("Sofia", html);
        }
        foreach (var who in new[] { "Ethan", "Lea", "Ivy", "Olga" })
        {
            (status, html) = await PageAsync(who, $"/careers/growth/{a.Id["Sofia"]}");
            Assert.True(status == HttpStatusCode.NotFound, $"{who}: {(int)status}");
            Assert.Contains("No such growth plan", html);
            Assert.DoesNotContain("Mentor a new joiner", html);
        }
        (status, html) = await PageAsync("Amara", $"/careers/growth/{a.Id["Sofia"]}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Mentor a new joiner", html);
        var list = (await PageAsync("Tom", "/careers/assessments")).Html;
        Assert.DoesNotContain($"/careers/assessments/{id}\"", list);
    }
}
