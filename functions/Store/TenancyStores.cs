namespace Hydra.Functions.Store;

// Tenancy's small store interfaces; both engines implement them in the shared SQL classes.

internal interface IDomainStore
{
    /// <summary>False (and nothing written) when the domain exists.</summary>
    Task<bool> InsertAsync(DomainRecord domain, CancellationToken ct);
    Task<DomainRecord?> GetAsync(string domain, CancellationToken ct);
    /// <summary>By name, with job and run counts.</summary>
    Task<IReadOnlyList<DomainSummary>> ListAsync(CancellationToken ct);
    /// <summary>Replaces display name and description; false when the domain does not exist.</summary>
    Task<bool> UpdateAsync(string domain, string? displayName, string? description, DateTimeOffset now, CancellationToken ct);
    /// <summary>Replaces the token hash (rotation); false when the domain does not exist.</summary>
    Task<bool> SetTokenHashAsync(string domain, string tokenHash, DateTimeOffset now, CancellationToken ct);
    /// <summary>The domain whose current token hashes to <paramref name="tokenHash"/>.</summary>
    Task<DomainRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken ct);
    /// <summary>Removes the domain with its jobs, runs (and attempts) and secrets in one transaction; the audit log stays.</summary>
    Task<bool> DeleteAsync(string domain, CancellationToken ct);
}

internal interface ISecretStore
{
    /// <summary>Inserts or replaces; true when it was new.</summary>
    Task<bool> PutAsync(string domain, string name, string sealedValue, DateTimeOffset now, CancellationToken ct);
    /// <summary>Names and times only, by name.</summary>
    Task<IReadOnlyList<SecretEntry>> ListAsync(string domain, CancellationToken ct);
    /// <summary>The sealed (encrypted) value, for dispatch only.</summary>
    Task<string?> GetSealedAsync(string domain, string name, CancellationToken ct);
    Task<bool> DeleteAsync(string domain, string name, CancellationToken ct);
}

internal interface IAuditStore
{
    Task AppendAsync(AuditEntry entry, CancellationToken ct);
    /// <summary>Newest first (created_at desc, id desc).</summary>
    Task<Page<AuditEntry>> ListAsync(AuditQuery query, CancellationToken ct);
}
