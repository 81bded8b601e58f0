using Dapper;

namespace Hydra.Functions.Store;

/// <summary>Per-domain secrets, sealed (AES-GCM) before they get here: the store holds ciphertext only.</summary>
internal sealed class SqlSecretStore(SqlEngine engine) : ISecretStore
{
    public async Task<bool> PutAsync(string domain, string name, string sealedValue, DateTimeOffset now, CancellationToken ct)
    {
        var args = new DynamicParameters(new { Domain = domain, Name = name, Sealed = sealedValue });
        engine.AddTime(args, "Now", now);
        // created_at = updated_at marks a row this statement inserted; an update moves updated_at only.
        var sql = """
            INSERT INTO secrets (domain, name, sealed, created_at, updated_at) VALUES (@Domain, @Name, @Sealed, @Now, @Now)
            ON CONFLICT (domain, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at
            RETURNING created_at = updated_at
            """;
        await using var connection = await engine.OpenAsync(ct);
        var inserted = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, args, cancellationToken: ct));
        return inserted;
    }

    public async Task<IReadOnlyList<SecretEntry>> ListAsync(string domain, CancellationToken ct) =>
        await engine.QueryAsync(
            "SELECT domain, name, created_at, updated_at FROM secrets WHERE domain = @Domain ORDER BY name",
            new { Domain = domain },
            r => new SecretEntry(
                r.GetString(0), r.GetString(1),
                r.GetFieldValue<DateTimeOffset>(2).ToUniversalTime(), r.GetFieldValue<DateTimeOffset>(3).ToUniversalTime()),
            ct);

    public async Task<string?> GetSealedAsync(string domain, string name, CancellationToken ct) =>
        (await engine.QueryAsync(
            "SELECT sealed FROM secrets WHERE domain = @Domain AND name = @Name", new { Domain = domain, Name = name }, r => r.GetString(0), ct))
        .SingleOrDefault();

    public async Task<bool> DeleteAsync(string domain, string name, CancellationToken ct) =>
        await engine.ExecuteAsync("DELETE FROM secrets WHERE domain = @Domain AND name = @Name", new { Domain = domain, Name = name }, ct) == 1;
}
