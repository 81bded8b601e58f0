using Hydra.Functions.Catalog;
using Hydra.Functions.Store;
using Hydra.Shared.Redis;

namespace Hydra.Functions.Domains;

/// <summary>
/// Timer function (and a step of startup): publishes every domain's token hash from the store to Redis, where
/// workers are checked against it. The store is the truth; this restores the map after Redis lost its data, and
/// refuses any registered worker whose token no longer matches (one that registered unverified meanwhile).
/// Idempotent; two instances running it at once write the same values.
/// </summary>
internal static class DomainTokenSync
{
    public const string Name = "DomainTokenSync";

    public static async Task<TimerOutcome> InvokeAsync(IServiceProvider services, CancellationToken ct)
    {
        var domains = services.GetRequiredService<IDomainStore>();
        var tokens = services.GetRequiredService<DomainTokens>();
        var set = services.GetRequiredService<DomainSet>();
        var published = 0;
        var refused = 0;
        foreach (var summary in await domains.ListAsync(ct))
        {
            var domain = summary.Domain;
            if (domain.TokenHash is null)
            {
                continue;
            }

            var added = set.AddAsync(domain.Domain);
            refused += await tokens.PublishAsync(domain.Domain, domain.TokenHash, ct);
            await added;
            published++;
        }

        return new TimerOutcome(refused == 0
            ? $"published the token hashes of {published} domain(s)"
            : $"published the token hashes of {published} domain(s); refused {refused} worker(s) holding a stale token");
    }
}
