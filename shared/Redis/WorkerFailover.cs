using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>What one failover pass changed in a domain.</summary>
internal sealed record FailoverResult(int WorkersOffline, int QueuedRequeued, int AttemptsLost, int RunsCancelled)
{
    public bool ChangedAnything => WorkersOffline + QueuedRequeued + AttemptsLost + RunsCancelled > 0;
}

/// <summary>
/// Failover, called by the function app's FailoverSweep: one script per domain, judged on Redis TIME, so app
/// instances and workers with skewed clocks agree on who is dead. Workers past the heartbeat TTL go offline; their
/// queued runs return to pending at the same attempt; their running attempts are recorded <c>lost</c> and the runs
/// return to pending as their next attempt, keeping priority and age and spending no retry. Safe to run twice at once:
/// the second pass finds the workers offline with empty lists and changes nothing.
/// </summary>
internal sealed class WorkerFailover(LuaScripts scripts)
{
    public async Task<FailoverResult> FailOverAsync(string domain, TimeSpan heartbeatTtl, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(heartbeatTtl, TimeSpan.Zero);
        var keys = scripts.Keys;
        var result = await scripts.EvaluateAsync(
            LuaSource.Failover,
            [keys.Heartbeats(domain), keys.Ingest(domain), keys.IngestSequence(domain)],
            [keys.DomainBase(domain), domain, (long)heartbeatTtl.TotalMilliseconds, keys.IngestWake.ToString(), keys.DispatchWake.ToString()],
            ct);
        var counts = (int[])result!;
        return new FailoverResult(counts[0], counts[1], counts[2], counts[3]);
    }
}
