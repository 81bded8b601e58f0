using System.Globalization;
using System.Text.Json;
using Hydra.Shared.Runs;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>
/// Placing runs on workers, called by the function app: dispatch (Submit, Reconcile), place pending (DispatchSweep
/// and the dispatch wake), and the reconcile question "which of these runs does Redis not know?".
/// </summary>
internal sealed class RunDispatcher(LuaScripts scripts)
{
    private readonly DomainSet _domains = new(scripts);

    /// <summary>
    /// Makes the run known to Redis and places it on the eligible worker with the lowest load ÷ max (then the lowest
    /// load, then worker id), or leaves it pending. Idempotent per run id: a run Redis already knows is left as it is.
    /// </summary>
    public async Task<DispatchResult> DispatchAsync(DispatchPayload payload, TimeSpan heartbeatTtl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentException.ThrowIfNullOrWhiteSpace(payload.RunId);
        ct.ThrowIfCancellationRequested();

        var keys = scripts.Keys;
        var domain = payload.Domain;
        var json = JsonSerializer.Serialize(payload, RedisJson.Options);
        var enqueued = payload.EnqueuedAt == default ? "" : payload.EnqueuedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var added = _domains.AddAsync(domain);
        var result = await scripts.EvaluateAsync(
            LuaSource.Dispatch,
            [keys.Run(domain, payload.RunId), keys.Pending(domain)],
            [
                keys.DomainBase(domain),
                payload.RunId,
                json,
                payload.Attempt,
                payload.Priority,
                enqueued,
                PlacementRequirements.From(payload).ToJson(),
                (long)heartbeatTtl.TotalMilliseconds,
            ],
            ct);
        await added;
        return DispatchResult.Parse((string[])result!);
    }

    /// <summary>
    /// Walks up to <paramref name="maxScan"/> pending runs by priority then age and places each that has an eligible
    /// worker; a run nobody can take stays and never blocks those behind it. Returns how many were placed.
    /// </summary>
    public async Task<int> PlacePendingAsync(string domain, int maxScan, TimeSpan heartbeatTtl, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxScan);
        var result = await scripts.EvaluateAsync(
            LuaSource.PlacePending,
            [scripts.Keys.Pending(domain)],
            [scripts.Keys.DomainBase(domain), maxScan, (long)heartbeatTtl.TotalMilliseconds],
            ct);
        return (int)result;
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> retries whose backoff has passed (on Redis TIME) from the delayed set to
    /// pending, where <see cref="PlacePendingAsync"/> places them. Returns how many moved.
    /// </summary>
    public async Task<int> PromoteDueAsync(string domain, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var result = await scripts.EvaluateAsync(
            LuaSource.PromoteDelayed,
            [scripts.Keys.Delayed(domain), scripts.Keys.Pending(domain)],
            [scripts.Keys.DomainBase(domain), max],
            ct);
        return (int)result;
    }

    /// <summary>The ids among <paramref name="runIds"/> that have no run hash, in one round trip.</summary>
    public async Task<IReadOnlyList<string>> FindUnknownAsync(string domain, IReadOnlyCollection<string> runIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        if (runIds.Count == 0)
        {
            return [];
        }

        var keys = runIds.Select(id => scripts.Keys.Run(domain, id)).ToArray();
        var result = await scripts.EvaluateAsync(LuaSource.Known, keys, [.. runIds.Select(id => (RedisValue)id)], ct).WaitAsync(ct);
        return ScriptReplies.Strings(result);
    }

    /// <summary>
    /// Why a run waits for a worker (<c>no eligible worker: needs python3.12</c>), as the last dispatch or pending walk
    /// wrote it; null when Redis does not hold the run as pending.
    /// </summary>
    public async Task<string?> PendingReasonAsync(string domain, string runId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var fields = await scripts.Database.HashGetAsync(scripts.Keys.Run(domain, runId), ["status", "pending_reason"]).WaitAsync(ct);
        return fields[0] == RedisRunState.Pending && fields[1].HasValue ? (string?)fields[1] : null;
    }

    /// <summary>How many runs wait for a worker (/health's pending_jobs).</summary>
    public async Task<long> CountPendingAsync(string domain, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return await scripts.Database.SortedSetLengthAsync(scripts.Keys.Pending(domain)).WaitAsync(ct);
    }
}
