using Hydra.Functions.Catalog;
using Hydra.Functions.Coordination;
using Hydra.Functions.Events;
using Hydra.Functions.Timers;
using Hydra.Shared.Events;
using Hydra.Shared.Redis;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Sweeps;

/// <summary>
/// Timer function (every 2 s): for each domain, workers whose heartbeat is older than the TTL (Redis TIME decides)
/// are marked offline, the runs queued for them go back to pending, and their running attempts are recorded
/// <c>lost</c> — a visible outcome — while the runs are dispatched again as their next attempt, keeping their
/// priority, spending no retry. A run whose cancel was asked while its worker was gone ends <c>cancelled</c> here.
/// The lost attempts' leases are gone, so a worker that comes back is told to stop them and its late reports are
/// recorded as superseded. One script per domain: idempotent, and safe when two sweeps run at once.
/// </summary>
internal static class FailoverSweep
{
    public static async Task<TimerOutcome> InvokeAsync(IServiceProvider services, CancellationToken ct)
    {
        var failover = services.GetRequiredService<WorkerFailover>();
        var ttl = services.GetRequiredService<IOptions<CoordinationOptions>>().Value.HeartbeatTtl;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(nameof(FailoverSweep));
        int offline = 0, requeued = 0, lost = 0, cancelled = 0;
        foreach (var domain in await services.GetRequiredService<DomainSet>().ListAsync(ct))
        {
            var registry = services.GetRequiredService<WorkerRegistry>();
            var silent = (await registry.ListAsync(domain, ttl, ct)).Where(w => !w.Fresh && w.State != WorkerStates.Offline).ToList();
            var result = await failover.FailOverAsync(domain, ttl, ct);
            if (!result.ChangedAnything)
            {
                continue;
            }

            if (result.WorkersOffline > 0 && silent.Count > 0)
            {
                await AnnounceOfflineAsync(services, registry, domain, ttl, silent, ct);
            }

            log.LogWarning(
                "Failover in domain {Domain}: {Offline} worker(s) offline, {Requeued} queued run(s) re-placed, {Lost} attempt(s) lost and re-dispatched, {Cancelled} cancelled",
                domain, result.WorkersOffline, result.QueuedRequeued, result.AttemptsLost, result.RunsCancelled);
            offline += result.WorkersOffline;
            requeued += result.QueuedRequeued;
            lost += result.AttemptsLost;
            cancelled += result.RunsCancelled;
        }

        if (requeued + lost > 0)
        {
            // On the lean host the re-dispatched runs are placed at once rather than on the next tick.
            services.GetService<TimerWakeups>()?.Wake(SweepNames.Dispatch);
        }

        return new TimerOutcome($"{offline} worker(s) offline, {requeued} queued run(s) re-placed, {lost} attempt(s) lost, {cancelled} cancelled");
    }

    /// <summary>worker_offline for each worker this sweep moved offline (listed before, offline after).</summary>
    private static async Task AnnounceOfflineAsync(
        IServiceProvider services, WorkerRegistry registry, string domain, TimeSpan ttl, IReadOnlyList<WorkerInfo> silent, CancellationToken ct)
    {
        var now = (await registry.ListAsync(domain, ttl, ct)).ToDictionary(w => w.WorkerId, StringComparer.Ordinal);
        var drafts = silent
            .Where(w => now.TryGetValue(w.WorkerId, out var after) && after.State == WorkerStates.Offline)
            .Select(w => EventDraft.WorkerOffline(w.WorkerId, w.LastHeartbeat))
            .ToList();
        if (drafts.Count > 0)
        {
            await services.GetRequiredService<IEventPublisher>().PublishAsync(domain, drafts, ct);
        }
    }
}
