using System.Text.Json.Serialization;
using Hydra.Functions.Audit;
using Hydra.Functions.Secrets;
using Hydra.Shared.Json;

namespace Hydra.Functions.Domains;

/// <summary>A domain as GET /admin/domains lists it (compat.md shape, plus times).</summary>
internal sealed record DomainReply(
    string Domain, string? DisplayName, string? Description, long JobsCount, long RunsCount, long WorkersCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Create and rotate: the only answers that ever carry a token, in plain text, once.</summary>
internal sealed record DomainTokenReply(bool Ok, string Domain, string Token);

internal sealed record DomainDeletedReply(bool Ok, string Domain, bool Deleted, int RedisKeysRemoved);

/// <summary>Source-generated JSON for tenancy's replies (kept apart from ApiJsonContext, which other features extend).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(DomainReply))]
[JsonSerializable(typeof(List<DomainReply>))]
[JsonSerializable(typeof(DomainTokenReply))]
[JsonSerializable(typeof(DomainDeletedReply))]
[JsonSerializable(typeof(List<SecretReply>))]
[JsonSerializable(typeof(SecretReply))]
[JsonSerializable(typeof(SecretDeletedReply))]
[JsonSerializable(typeof(List<AuditReply>))]
internal sealed partial class TenancyJsonContext : JsonSerializerContext;
