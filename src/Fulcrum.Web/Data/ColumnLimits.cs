using Fulcrum.Core;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Fulcrum.Web.Data;

/// <summary>
/// The length of a text column as the model declares it (<c>HasMaxLength</c>), for the checks at the
/// boundary (<see cref="TextRules"/>): the number lives once, in the entity's configuration.
/// </summary>
public static class ColumnLimits
{
    public static int MaxLength<TEntity>(this IModel model, string property) =>
        model.FindEntityType(typeof(TEntity))?.FindProperty(property)?.GetMaxLength()
        ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{property} has no maximum length in the model.");

    /// <summary>The rule for a value stored in <typeparamref name="TEntity"/>.<paramref name="property"/>.</summary>
    public static TextField Text<TEntity>(this IModel model, string property, bool multiline = false) =>
        new(model.MaxLength<TEntity>(property), multiline);
}
