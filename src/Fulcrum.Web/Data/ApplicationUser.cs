using Microsoft.AspNetCore.Identity;

namespace Fulcrum.Web.Data;

/// <summary>A login. Optionally linked to the <see cref="Features.Organisation.Person"/> it belongs to,
/// which is how "my own records" and "my reports' records" are decided.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public int? PersonId { get; set; }
    public DateTime CreatedAt { get; set; }
}
