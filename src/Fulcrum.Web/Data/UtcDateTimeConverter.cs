using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Fulcrum.Web.Data;

/// <summary>
/// Instants are stored as UTC <see cref="DateTime"/> on both engines (ADR 0003). SQLite hands them
/// back with an unspecified kind; this marks them UTC again so arithmetic and JSON stay honest.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
