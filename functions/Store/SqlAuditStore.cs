using Dapper;

namespace Hydra.Functions.Store;

/// <summary>The audit log: append-only rows, listed newest first with the same keyset pages as jobs and runs.</summary>
internal sealed class SqlAuditStore(SqlEngine engine) : IAuditStore
{
    private const string Columns = "id, domain, actor, action, target, created_at";

    public async Task AppendAsync(AuditEntry entry, CancellationToken ct)
    {
        var args = new DynamicParameters(new { entry.Id, entry.Domain, entry.Actor, entry.Action, entry.Target });
        engine.AddTime(args, "CreatedAt", entry.CreatedAt);
        await engine.ExecuteAsync(
            $"INSERT INTO audit ({Columns}) VALUES (@Id, @Domain, @Actor, @Action, @Target, @CreatedAt)", args, ct);
    }

    public async Task<Page<AuditEntry>> ListAsync(AuditQuery query, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var conditions = new List<string>();
        Equal("domain", "Domain", query.Domain);
        Equal("actor", "Actor", query.Actor);
        Equal("action", "Action", query.Action);
        Equal("target", "Target", query.Target);
        if (query.Since is { } since)
        {
            engine.AddTime(args, "Since", since);
            conditions.Add("created_at >= @Since");
        }

        if (query.Until is { } until)
        {
            engine.AddTime(args, "Until", until);
            conditions.Add("created_at < @Until");
        }

        var sql = KeysetPage.Sql(engine, "audit", Columns, conditions, args, query.Cursor, query.Limit);
        var rows = await engine.QueryAsync(sql, args, r => new AuditEntry(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
            r.GetFieldValue<DateTimeOffset>(5).ToUniversalTime()), ct);
        return KeysetPage.ToPage(rows, query.Limit, e => new PageCursor(e.CreatedAt, e.Id));

        void Equal(string column, string name, string? value)
        {
            if (value is not null)
            {
                args.Add(name, value);
                conditions.Add($"{column} = @{name}");
            }
        }
    }
}
