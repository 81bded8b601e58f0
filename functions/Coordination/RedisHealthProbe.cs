using Hydra.Functions.Health;
using Hydra.Shared.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Hydra.Functions.Coordination;

/// <summary>/health's view of Redis: does it answer, how many workers are fresh, how many runs wait for one.</summary>
internal sealed class RedisHealthProbe(
    IConnectionMultiplexer redis, WorkerRegistry workers, RunDispatcher dispatcher, DomainSet domains, IOptions<CoordinationOptions> options)
    : IHealthProbe
{
    public string Name => "redis";

    public async Task<HealthProbeResult> CheckAsync(string? domain, CancellationToken ct)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), ct);
            var scope = domain is null ? await domains.ListAsync(ct) : [domain];
            var fresh = 0;
            long pending = 0;
            foreach (var d in scope)
            {
                fresh += (await workers.ListAsync(d, options.Value.HeartbeatTtl, ct)).Count(w => w.Fresh);
                pending += await dispatcher.CountPendingAsync(d, ct);
            }

            return new HealthProbeResult(true, null, fresh, pending);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new HealthProbeResult(false, ex.Message, null, null);
        }
    }
}
