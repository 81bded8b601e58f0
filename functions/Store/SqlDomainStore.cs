using System.Data.Common;
using Dapper;

namespace Hydra.Functions.Store;

/// <summary>Domains (tenants): names, descriptions and the hash of each one's current token.</summary>
internal sealed class SqlDomainStore(SqlEngine engine) : IDomainStore
{
    private const string Columns = "domain, display_name, description, token_hash, created_at, updated_at";

    public async Task<bool> InsertAsync(DomainRecord domain, CancellationToken ct)
    {
        var args = new DynamicParameters(new { domain.Domain, domain.DisplayName, domain.Description, domain.TokenHash });
        engine.AddTime(args, "CreatedAt", domain.CreatedAt);
        engine.AddTime(args, "UpdatedAt", domain.UpdatedAt);
        // ON CONFLICT DO NOTHING: two creators racing get one row and one "created" answer.
        return await engine.ExecuteAsync(
            $"""
            INSERT INTO domains ({Columns}) VALUES (@Domain, @DisplayName, @Description, @TokenHash, @CreatedAt, @UpdatedAt)
            ON CONFLICT (domain) DO NOTHING
            """, args, ct) == 1;
    }

    public async Task<DomainRecord?> GetAsync(string domain, CancellationToken ct) =>
        (await engine.QueryAsync($"SELECT {Columns} FROM domains WHERE domain = @Domain", new { Domain = domain }, Read, ct))
        .SingleOrDefault();

    public async Task<IReadOnlyList<DomainSummary>> ListAsync(CancellationToken ct)
    {
        var sql = $"""
            SELECT {Columns},
              (SELECT COUNT(*) FROM jobs j WHERE j.domain = d.domain),
              (SELECT COUNT(*) FROM runs r WHERE r.domain = d.domain)
            FROM domains d ORDER BY domain
            """;
        return await engine.QueryAsync(sql, null, r => new DomainSummary(Read(r), r.GetInt64(6), r.GetInt64(7)), ct);
    }

    public async Task<bool> UpdateAsync(string domain, string? displayName, string? description, DateTimeOffset now, CancellationToken ct)
    {
        var args = new DynamicParameters(new { Domain = domain, DisplayName = displayName, Description = description });
        engine.AddTime(args, "Now", now);
        return await engine.ExecuteAsync(
            "UPDATE domains SET display_name = @DisplayName, description = @Description, updated_at = @Now WHERE domain = @Domain",
            args, ct) == 1;
    }

    public async Task<bool> SetTokenHashAsync(string domain, string tokenHash, DateTimeOffset now, CancellationToken ct)
    {
        var args = new DynamicParameters(new { Domain = domain, TokenHash = tokenHash });
        engine.AddTime(args, "Now", now);
        return await engine.ExecuteAsync(
            "UPDATE domains SET token_hash = @TokenHash, updated_at = @Now WHERE domain = @Domain", args, ct) == 1;
    }

    public async Task<DomainRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken ct) =>
        (await engine.QueryAsync($"SELECT {Columns} FROM domains WHERE token_hash = @TokenHash", new { TokenHash = tokenHash }, Read, ct))
        .SingleOrDefault();

    public async Task<bool> DeleteAsync(string domain, CancellationToken ct)
    {
        await using var connection = await engine.OpenAsync(ct);
        await using var transaction = await engine.BeginWriteAsync(connection, ct);
        var args = new { Domain = domain };
        // Attempts go with their runs (ON DELETE CASCADE); they are deleted first anyway so no engine setting matters.
        await Execute(connection, transaction, "DELETE FROM attempts WHERE domain = @Domain", args, ct);
        await Execute(connection, transaction, "DELETE FROM runs WHERE domain = @Domain", args, ct);
        await Execute(connection, transaction, "DELETE FROM jobs WHERE domain = @Domain", args, ct);
        await Execute(connection, transaction, "DELETE FROM secrets WHERE domain = @Domain", args, ct);
        var deleted = await Execute(connection, transaction, "DELETE FROM domains WHERE domain = @Domain", args, ct);
        await transaction.CommitAsync(ct);
        return deleted == 1;
    }

    private static Task<int> Execute(DbConnection connection, DbTransaction transaction, string sql, object args, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: ct));

    private static DomainRecord Read(DbDataReader r) => new(
        r.GetString(0),
        r.IsDBNull(1) ? null : r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        r.GetFieldValue<DateTimeOffset>(4).ToUniversalTime(),
        r.GetFieldValue<DateTimeOffset>(5).ToUniversalTime());
}
