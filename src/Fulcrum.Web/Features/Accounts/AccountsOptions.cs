using System.ComponentModel.DataAnnotations;

namespace Fulcrum.Web.Features.Accounts;

/// <summary>
/// Sign-in settings, from the configuration section <c>Fulcrum:Accounts</c> (environment:
/// <c>Fulcrum__Accounts__SessionLifetime=7.00:00:00</c>); docs/operations.md lists them.
/// </summary>
public sealed class AccountsOptions
{
    public const string Section = "Fulcrum:Accounts";

    /// <summary>How long a browser session lasts without use; every request within it extends it (sliding).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Wrong passwords in a row before a login is locked for a while.</summary>
    [Range(3, 100)]
    public int MaxFailedLogins { get; set; } = 10;
}
