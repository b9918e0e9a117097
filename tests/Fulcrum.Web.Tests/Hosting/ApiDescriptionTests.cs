using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Testing;
using Fulcrum.Web.Features.Accounts;

namespace Fulcrum.Web.Tests.Hosting;

/// <summary>The OpenAPI document describes the API, as Swagger UI at /api/docs shows it.</summary>
public sealed class ApiDescriptionTests
{
    [Fact]
    public async Task The_api_description_keeps_its_token_placeholder_and_leaves_out_the_logout_form()
    {
        await using var server = await FulcrumServer.StartAsync();
        using var member = server.CreateClient(await server.CreateTokenAsync("mo@example.com", Roles.Member));

        var document = await member.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        // A code span: Swagger UI renders the description as Markdown, where a bare <token> is a tag and vanishes.
        Assert.Contains("`Authorization: Bearer <token>`", document.GetProperty("info").GetProperty("description").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/me", paths);
        Assert.DoesNotContain(paths, path => path.Contains("Logout", StringComparison.OrdinalIgnoreCase));
    }
}
