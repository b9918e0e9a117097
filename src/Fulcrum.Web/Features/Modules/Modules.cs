using Fulcrum.Web.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Modules;

/// <summary>
/// A module as people meet it: its card on the home page and its entry in the menu's Modules
/// section. A planned module (<paramref name="Planned"/>) shows a page saying what it will answer
/// until it lands (<see cref="ModulePlaceholder"/>).
/// </summary>
public sealed record ModuleInfo(string Name, string Path, string Question, string Summary, IReadOnlyList<string> Instruments, bool Planned = false);

/// <summary>The menu's sections other than the modules: they come before and after the modules, in this order.</summary>
public enum NavSection
{
    Top,
    Organisation,
    Account,
}

/// <summary>A menu entry that is not a module's own page, shown to those <paramref name="Policy"/> allows (everyone signed in when null).</summary>
/// <param name="Exact">Marked as the current page only at exactly this address, not below it ("/" is not current on every page).</param>
public sealed record NavigationEntry(NavSection Section, string Name, string Href, string? Policy = null, bool Exact = false);

/// <summary>
/// Pages of a module a person can reach, as addresses with real ids from the database. Checks that
/// visit every page (the accessibility sweep over the demo) read them here, so a new module's pages
/// are visited without editing the check.
/// </summary>
public interface IModulePages
{
    Task<IReadOnlyList<string>> PathsAsync(FulcrumDbContext db, CancellationToken cancellationToken);
}

/// <summary>How a module registers what it offers to the shared places: the menu, the home page, the page list.</summary>
public static class ModuleRegistration
{
    public static IServiceCollection AddModuleInfo(this IServiceCollection services, ModuleInfo module) =>
        services.AddSingleton(module);

    public static IServiceCollection AddNavigation(this IServiceCollection services, params NavigationEntry[] entries)
    {
        foreach (var entry in entries)
        {
            services.AddSingleton(entry);
        }
        return services;
    }

    /// <summary>Pages whose addresses need no ids (the module's own page and its menu entries are included anyway).</summary>
    public static IServiceCollection AddPages(this IServiceCollection services, params string[] paths) =>
        services.AddSingleton<IModulePages>(new FixedPages(paths));

    /// <summary>Pages whose addresses carry ids read from the database.</summary>
    public static IServiceCollection AddPages<T>(this IServiceCollection services) where T : class, IModulePages =>
        services.AddSingleton<IModulePages, T>();

    /// <summary>
    /// Every page the registered modules offer: the menu's entries, the modules' own pages, and the
    /// pages they list, each once and in registration order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AllPagesAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var db = services.GetRequiredService<FulcrumDbContext>();
        var paths = new List<string>();
        paths.AddRange(services.GetServices<NavigationEntry>().Select(e => e.Href));
        paths.AddRange(services.GetServices<ModuleInfo>().Select(m => m.Path));
        foreach (var pages in services.GetServices<IModulePages>())
        {
            paths.AddRange(await pages.PathsAsync(db, cancellationToken));
        }
        return [.. paths.Distinct()];
    }

    private sealed class FixedPages(IReadOnlyList<string> paths) : IModulePages
    {
        public Task<IReadOnlyList<string>> PathsAsync(FulcrumDbContext db, CancellationToken cancellationToken) => Task.FromResult(paths);
    }
}
