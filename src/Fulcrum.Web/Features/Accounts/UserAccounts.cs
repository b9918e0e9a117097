using Fulcrum.Core;
using Fulcrum.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.Accounts;

public sealed record UserSummary(string Id, string Email, string DisplayName, string Role, int? PersonId, bool Locked);

/// <summary>
/// Creating accounts and changing roles, shared by the first-run page, the admin pages, the API and
/// `fulcrum user`. A refused change is a <see cref="ProblemException"/> on the <c>account</c> field
/// (an unknown role, a weak password, the last admin), or a conflict when the email has an account.
/// </summary>
public sealed class UserAccounts(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    FulcrumDbContext db,
    TimeProvider clock)
{
    public Task<bool> AnyUsersAsync(CancellationToken cancellationToken = default) => db.Users.AnyAsync(cancellationToken);

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    public async Task<ApplicationUser> CreateAsync(string email, string displayName, string password, string role)
    {
        if (!Roles.IsKnown(role))
        {
            throw Refused($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.");
        }
        email = email.Trim();
        // Checked before the email is looked up (PostgreSQL refuses a NUL even in a query) and before anything is stored.
        if (TextRules.Sentence("An email address", email, db.Model.Text<ApplicationUser>(nameof(ApplicationUser.Email))) is { } emailProblem)
        {
            throw ProblemException.InvalidField("email", emailProblem, NotCreated);
        }
        await EnsureRolesAsync();
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw ProblemException.Conflict("The account exists", $"An account for {email} already exists.");
        }
        var person = await db.People.SingleOrDefaultAsync(p => p.Email == email);
        var name = string.IsNullOrWhiteSpace(displayName) ? person?.Name ?? email : displayName.Trim();
        if (TextRules.Sentence("A name", name, db.Model.Text<ApplicationUser>(nameof(ApplicationUser.DisplayName))) is { } nameProblem)
        {
            throw ProblemException.InvalidField("displayName", nameProblem, NotCreated);
        }
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            PersonId = person?.Id,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        return user;
    }

    public async Task SetRoleAsync(ApplicationUser user, string role)
    {
        if (!Roles.IsKnown(role))
        {
            throw Refused($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.");
        }
        await EnsureRolesAsync();
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && role != Roles.Admin && await OpenAdminCountAsync() <= 1)
        {
            throw Refused("This is the last admin account that is not locked; make someone else an admin first.");
        }
        Check(await users.RemoveFromRolesAsync(user, current));
        Check(await users.AddToRoleAsync(user, role));
        await users.UpdateSecurityStampAsync(user);
    }

    /// <summary>Locks an account at once: no login, no API token, and its sessions end at once (SessionValidation).</summary>
    /// <remarks>The lock has no end (<see cref="IsLockedByAdmin"/>), which tells it apart from Identity's lockout after
    /// wrong passwords: that one ends after minutes and stops only logins.</remarks>
    public async Task LockAsync(ApplicationUser user, string actingUserId)
    {
        if (user.Id == actingUserId)
        {
            throw Refused("You cannot lock your own account.");
        }
        if ((await users.GetRolesAsync(user)).Contains(Roles.Admin) && await OpenAdminCountAsync() <= 1)
        {
            throw Refused("This is the last admin account that is not locked.");
        }
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, AdminLockEnd));
        Check(await users.UpdateSecurityStampAsync(user));
    }

    private static readonly DateTimeOffset AdminLockEnd = DateTimeOffset.MaxValue;

    /// <summary>
    /// Whether an admin locked the account (<see cref="LockAsync"/>), as opposed to Identity's lockout after too many
    /// wrong passwords. Only an admin's lock stops API tokens: anyone who knows an email can type wrong passwords
    /// for it, and that must not knock out a CI pipeline's token.
    /// </summary>
    // An admin's lock ends at DateTimeOffset.MaxValue, which PostgreSQL may keep only to the microsecond; a lockout
    // after wrong passwords ends minutes from now (IdentityOptions.Lockout.DefaultLockoutTimeSpan).
    public static bool IsLockedByAdmin(ApplicationUser user) => user.LockoutEnd >= AdminLockEnd.AddDays(-1);

    // Someone must always be able to administer: admins who are not locked.
    private async Task<int> OpenAdminCountAsync()
    {
        var now = clock.GetUtcNow();
        return (await users.GetUsersInRoleAsync(Roles.Admin)).Count(u => !(u.LockoutEnd > now));
    }

    public async Task UnlockAsync(ApplicationUser user)
    {
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
    }

    /// <summary>An admin sets a new password (e.g. for someone locked out); their other sessions end.</summary>
    public async Task SetPasswordAsync(ApplicationUser user, string password)
    {
        foreach (var validator in users.PasswordValidators)
        {
            Check(await validator.ValidateAsync(users, user, password));
        }
        if (await users.HasPasswordAsync(user))
        {
            Check(await users.RemovePasswordAsync(user));
        }
        Check(await users.AddPasswordAsync(user, password));
        Check(await users.UpdateSecurityStampAsync(user));
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var roleOf = await (
            from userRole in db.UserRoles
            join role in db.Roles on userRole.RoleId equals role.Id
            select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken);
        var all = await db.Users.OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return all.Select(u => new UserSummary(
            u.Id, u.Email ?? "", u.DisplayName,
            RoleOf(roleOf.Where(r => r.UserId == u.Id).Select(r => r.Name ?? "")),
            u.PersonId, u.LockoutEnd > now)).ToList();
    }

    /// <summary>The strongest role a user holds; users have one role, this copes with hand edits.</summary>
    public static string RoleOf(IEnumerable<string> roleNames)
    {
        var held = roleNames.ToHashSet();
        return Roles.All.FirstOrDefault(held.Contains) ?? Roles.Member;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private const string NotCreated = "The account was not created";

    private static ProblemException Refused(string message) => ProblemException.InvalidField("account", message);
}
