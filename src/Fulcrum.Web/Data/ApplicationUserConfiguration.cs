using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fulcrum.Web.Data;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(200);
        user.HasOne<Features.Organisation.Person>().WithMany()
            .HasForeignKey(u => u.PersonId).OnDelete(DeleteBehavior.SetNull);
        user.HasIndex(u => u.PersonId);
    }
}
