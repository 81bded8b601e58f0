namespace Hydra.Functions.Store;

/// <summary>A tenant. <see cref="TokenHash"/> is the SHA-256 hex of its current token; the token itself is never stored.</summary>
internal sealed record DomainRecord(
    string Domain, string? DisplayName, string? Description, string? TokenHash, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A domain with what the store counts for it (workers live in Redis and are counted there).</summary>
internal sealed record DomainSummary(DomainRecord Domain, long JobsCount, long RunsCount);

/// <summary>A secret's name and times; its value never leaves <see cref="ISecretStore.GetSealedAsync"/>.</summary>
internal sealed record SecretEntry(string Domain, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// One audited action. <see cref="Actor"/> is <c>admin</c> or <c>domain:&lt;first 12 hex of the token hash&gt;</c>:
/// enough to tell two tokens apart, never enough to use one.
/// </summary>
internal sealed record AuditEntry(
    string Id, string Domain, string Actor, string Action, string Target, DateTimeOffset CreatedAt);

/// <summary>Filters of GET /admin/audit; null means any. Newest first, keyset pages.</summary>
internal sealed record AuditQuery(
    string? Domain, string? Actor, string? Action, string? Target, DateTimeOffset? Since, DateTimeOffset? Until, int Limit, string? Cursor);
