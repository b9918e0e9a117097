namespace Fulcrum.Web.Features.Accounts;

/// <summary>The three roles. Admins manage accounts; leaders manage the organisation and see team
/// figures; members use the product for themselves and their team.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Leader = "leader";
    public const string Member = "member";

    public static IReadOnlyList<string> All { get; } = [Admin, Leader, Member];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}

/// <summary>Authorization policy names. Every endpoint requires at least a signed-in user (the
/// fallback policy); these narrow it.</summary>
public static class Policies
{
    /// <summary>May change teams, people and services: leaders and admins.</summary>
    public const string ManageOrganisation = "ManageOrganisation";

    /// <summary>May manage accounts and roles: admins.</summary>
    public const string ManageAccounts = "ManageAccounts";
}
