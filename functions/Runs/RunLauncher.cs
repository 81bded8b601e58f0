using Hydra.Functions.Coordination;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Runs;

/// <summary>
/// Creates a run and dispatches it. The run is written to the store (queued, with its dispatch payload) before it
/// is pushed to Redis: if the push fails or the process dies in between, ReconcileSweep finds the stored run that
/// Redis does not know and dispatches it, so an accepted run is never lost.
/// </summary>
internal sealed class RunLauncher(
    IRunStore runs, RunDispatcher dispatcher, TimeProvider time, IOptions<CoordinationOptions> options, ILogger<RunLauncher> log)
{
    public async Task<RunRecord> LaunchAsync(JobDocument job, string trigger, DateTimeOffset? scheduledAt, string? idempotencyKey, CancellationToken ct)
    {
        var (run, payload) = RunDraft.Create(job, trigger, scheduledAt, idempotencyKey, time.GetUtcNow());

        if (!await runs.InsertAsync(run, ct))
        {
            // Same idempotency key: the run already exists; answer with it and dispatch nothing new.
            return await runs.GetByIdempotencyKeyAsync(run.Domain, idempotencyKey!, ct) ?? run;
        }

        await TryDispatchAsync(payload, ct);
        return run;
    }

    /// <summary>Pushes a stored run to Redis; a failure is logged, not thrown: the run is safe in the store.</summary>
    public async Task TryDispatchAsync(DispatchPayload payload, CancellationToken ct)
    {
        try
        {
            await dispatcher.DispatchAsync(payload, options.Value.HeartbeatTtl, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning("Run {RunId} is stored but not yet in Redis ({Error}); ReconcileSweep will dispatch it", payload.RunId, ex.Message);
        }
    }
}
