using Hydra.Functions.Catalog;
using Hydra.Functions.Coordination;
using Hydra.Shared.Redis;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Sweeps;

/// <summary>
/// Timer function: moves retries whose backoff has passed from each domain's delayed set to pending, then places the
/// pending runs on workers that now have a free slot (a run no worker can take is skipped, never blocking the ones
/// behind it). On the lean host it is woken at once when a worker comes online or
/// a slot frees.
/// </summary>
internal static class DispatchSweep
{
    public const int MaxScan = 1000;

    public static async Task<TimerOutcome> InvokeAsync(IServiceProvider services, CancellationToken ct)
    {
        var dispatcher = services.GetRequiredService<RunDispatcher>();
        var ttl = services.GetRequiredService<IOptions<CoordinationOptions>>().Value.HeartbeatTtl;
        var placed = 0;
        foreach (var domain in await services.GetRequiredService<DomainSet>().ListAsync(ct))
        {
            await dispatcher.PromoteDueAsync(domain, MaxScan, ct);
            placed += await dispatcher.PlacePendingAsync(domain, MaxScan, ttl, ct);
        }

        return new TimerOutcome($"placed {placed} pending run(s)");
    }
}
