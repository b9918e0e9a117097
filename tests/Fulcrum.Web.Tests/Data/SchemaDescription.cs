using Fulcrum.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Tests.Data;

/// <summary>A database's schema as sorted lines, one per column (with its default), index and foreign key,
/// so that two databases can be compared on either engine; EF's own bookkeeping tables left out.</summary>
internal static class SchemaDescription
{
    public static FulcrumDbContext Open(DatabaseTarget target)
    {
        var options = new DbContextOptionsBuilder<FulcrumDbContext>();
        target.Configure(options);
        return new FulcrumDbContext(options.Options);
    }

    public static async Task<List<string>> DescribeAsync(DatabaseTarget target)
    {
        await using var db = Open(target);
        var sql = target.Engine == DatabaseEngine.Sqlite ? SqliteDescription : PostgresDescription;
        var lines = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
        return lines.Where(l => !l.Contains("__EFMigrations")).Order(StringComparer.Ordinal).ToList();
    }

    private const string SqliteDescription = """
        SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || ' notnull=' || c."notnull" || ' pk=' || c.pk
               || ' default=' || coalesce(c.dflt_value, '-') AS "Value"
          FROM sqlite_master m JOIN pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
        UNION ALL
        SELECT 'index ' || m.name || ' ' || i.name || ' unique=' || i."unique" || ' (' ||
               (SELECT group_concat(ii.name, ',') FROM pragma_index_info(i.name) ii) || ')'
          FROM sqlite_master m JOIN pragma_index_list(m.name) i
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND i.origin = 'c'
        UNION ALL
        SELECT 'fk ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' on delete ' || f.on_delete
          FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
        """;

    private const string PostgresDescription = """
        SELECT 'column ' || c.table_name || '.' || c.column_name || ' ' || c.data_type || '(' || coalesce(c.character_maximum_length::text, '') || ')'
               || ' nullable=' || c.is_nullable || ' identity=' || c.is_identity
               || ' default=' || coalesce(c.column_default, '-') AS "Value"
          FROM information_schema.columns c WHERE c.table_schema = 'public'
        UNION ALL
        SELECT 'index ' || tablename || ' ' || indexname || ' ' || regexp_replace(indexdef, '^.* USING ', '')
          FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL
        SELECT 'fk ' || tc.table_name || '.' || kcu.column_name || ' -> ' || ccu.table_name || '.' || ccu.column_name || ' on delete ' || rc.delete_rule
          FROM information_schema.table_constraints tc
          JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema
          JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name AND tc.table_schema = ccu.table_schema
          JOIN information_schema.referential_constraints rc ON tc.constraint_name = rc.constraint_name AND tc.table_schema = rc.constraint_schema
         WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'
        """;
}
