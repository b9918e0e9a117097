using System.Net;
using Fulcrum.Core.Delivery;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Review;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Tests.Review;

/// <summary>One demo server for the class, on a copy of the run's seeded demo: the sections only read, so the tests can share it.</summary>
public sealed class ReviewDemo : IAsyncLifetime
{
    public const string Priya = "priya.raman@example.com", Amara = "amara.okafor@example.com", Hana = "hana.kobayashi@example.com";

    public FulcrumServer Server { get; private set; } = default!;

    public async Task InitializeAsync() => Server = await FulcrumServer.StartAsync(demo: true);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>The reader and the sections as the weekly review makes them for this account.</summary>
    public Task<(ReviewReader Reader, IReadOnlyList<ReviewSection> Sections)> ReviewAsync(string email) =>
        Server.WithServicesAsync(async services =>
        {
            var review = services.GetRequiredService<WeeklyReview>();
            var reader = await review.ReaderAsync(email);
            return (reader, (await review.MakeAsync(reader)).Sections);
        });

    public async Task<HttpClient> SignedInAsync(string email)
    {
        var client = Server.CreateClient();
        await FulcrumServer.LogInAsync(client, email, DemoSeeding.Logins.Single(l => l.Email == email).Password);
        return client;
    }
}

/// <summary>The weekly review's sections of the existing modules, read as the demo's leader, director and member would.</summary>
public sealed class ReviewSourcesTests(ReviewDemo demo) : IClassFixture<ReviewDemo>
{
    [Fact]
    public async Task A_leader_sees_her_teams_figures_as_the_modules_give_them_in_product_order()
    {
        var (reader, sections) = await demo.ReviewAsync(ReviewDemo.Priya);
        Assert.Equal(["Platform"], reader.Teams.Select(t => t.Name));
        Assert.Equal(["Delivery trend and bands", "Attribution waiting for review", "Estimation calibration", "Recognition", "1:1s", "Meeting load and leverage share", "Decisions due for review", "Review feedback", "Friction waiting for triage", "Improvement experiments"],
            sections.Select(s => s.Title));

        // The same figure the Delivery report gives Platform for the same four weeks.
        var since = reader.Until.AddDays(-DeliveryTrendReview.WindowDays);
        var report = await demo.Server.WithServicesAsync(s => s.GetRequiredService<DeliveryReport>().ForTeamAsync("Platform", since, reader.Until, DoraBands.DefaultYear));
        var frequency = report.Metrics.Single(m => m.Metric == DeliveryMetrics.DeploymentFrequency);
        var delivery = Assert.Single(sections[0].Items);
        Assert.StartsWith($"Platform: deployment frequency {DeliveryFormat.Value(frequency)} ({frequency.Band!.Band})", delivery.Text);
        Assert.StartsWith($"Delivery report of Platform (api-gateway, ci-runner), {ReviewText.Days(since, reader.Until)} against ", delivery.Source);
        Assert.Contains($": {frequency.SampleSize} and ", delivery.Source);
        Assert.Equal($"/delivery?scope=team%3APlatform&since={since:yyyy-MM-dd}&until={reader.Until.AddDays(-1):yyyy-MM-dd}", delivery.Href);

        // Her own calendar's 1:1s with each of her three reports.
        Assert.Equal(["Hana Kobayashi", "Leo Fischer", "Mateo Silva"], sections.Single(s => s.Title == "1:1s").Items.Select(i => i.Text.Split(':')[0]).Order());
        // Recognition names only people of Platform, never a count of kudos per person.
        var recognition = sections.Single(s => s.Title == "Recognition");
        Assert.All(recognition.Items, i => Assert.StartsWith("Platform: no team kudos in 60 days for ", i.Text));
        Assert.DoesNotContain(recognition.Items, i => i.Text.Contains("Samuel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_gets_no_leader_sections_and_a_director_each_team_once()
    {
        var (hana, hanas) = await demo.ReviewAsync(ReviewDemo.Hana);
        Assert.False(hana.Leads);
        Assert.Equal(["Delivery trend and bands", "Estimation calibration", "Decisions due for review", "Review feedback", "Friction waiting for triage", "Improvement experiments"], hanas.Select(s => s.Title));

        var (amara, amaras) = await demo.ReviewAsync(ReviewDemo.Amara);
        // Her own team, the department, and her reports' teams.
        Assert.Equal(["Engineering", "Growth", "Mobile", "Payments", "Platform"], amara.Teams.Select(t => t.Name).Order());
        Assert.Equal(amara.Teams.Select(t => t.Name), amaras[0].Items.Select(i => i.Text.Split(':')[0]));
        Assert.Equal(5, amaras.Single(s => s.Title == "1:1s").Items.Count);
        // Each person nobody recognised lately is named under one team only: their own, the nearest reviewed.
        var named = amaras.Single(s => s.Title == "Recognition").Items.Select(i => i.Text).ToList();
        Assert.Contains(named, t => t.StartsWith("Growth: ", StringComparison.Ordinal) && t.Contains("Samuel Adeyemi", StringComparison.Ordinal));
        Assert.Single(named, t => t.Contains("Samuel Adeyemi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_item_says_where_its_number_came_from_and_links_to_a_page_its_reader_can_open()
    {
        foreach (var email in new[] { ReviewDemo.Priya, ReviewDemo.Amara, ReviewDemo.Hana })
        {
            var (_, sections) = await demo.ReviewAsync(email);
            using var client = await demo.SignedInAsync(email);
            // The review page shows the same lines to the same person.
            var page = WebUtility.HtmlDecode(await client.GetStringAsync("/review"));
            Assert.All(sections.SelectMany(s => s.Items), i => Assert.Contains(i.Text, page));
            foreach (var section in sections)
            {
                Assert.False(string.IsNullOrWhiteSpace(section.Empty));
                foreach (var href in section.Items.Select(i => i.Href).Append(section.Href).Distinct())
                {
                    var response = await client.GetAsync(href);
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{email}: {href} answered {(int)response.StatusCode}");
                }
                Assert.All(section.Items, i =>
                {
                    Assert.False(string.IsNullOrWhiteSpace(i.Source), $"{section.Title}: '{i.Text}' has no source");
                    Assert.Matches(@"\d", i.Text);
                });
            }
        }
    }
}
