using Hydra.Functions.Coordination;
using Hydra.Functions.Events;
using Hydra.Functions.Store;
using Hydra.Shared.Events;
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
    IRunStore runs, RunDispatcher dispatcher, TimeProvider time, IOptions<CoordinationOptions> options, IEventPublisher events,
    Secrets.SecretResolver secrets, ILogger<RunLauncher> log)
{
    public async Task<RunRecord> LaunchAsync(JobDocument job, string trigger, DateTimeOffset? scheduledAt, string? idempotencyKey, CancellationToken ct)
    {
        var (run, payload) = RunDraft.Create(job, trigger, scheduledAt, idempotencyKey, time.GetUtcNow());

        if (!await runs.InsertAsync(run, ct))
        {
            // Same idempotency key: the run already exists; answer with it and dispatch nothing new.
            return await runs.GetByIdempotencyKeyAsync(run.Domain, idempotencyKey!, ct) ?? run;
        }

        var dispatched = await TryDispatchAsync(payload, ct);
        List<EventDraft> drafts = [EventDraft.RunQueued(run.Id, run.JobId, trigger, run.Attempt, run.Priority)];
        if (dispatched is { Outcome: DispatchOutcome.Dispatched, WorkerId: { } worker })
        {
            drafts.Add(EventDraft.RunDispatched(run.Id, run.JobId, worker, run.Attempt));
        }

        await events.PublishAsync(run.Domain, drafts, ct);
        return run;
    }

    /// <summary>
    /// Pushes a stored run to Redis; a failure is logged, not thrown: the run is safe in the store. Null when it failed.
    /// Secret references are resolved here, into the pushed copy only (the stored payload keeps references).
    /// </summary>
    public async Task<DispatchResult?> TryDispatchAsync(DispatchPayload payload, CancellationToken ct)
    {
        try
        {
            var resolved = await secrets.ResolveAsync(payload, ct);
            return await dispatcher.DispatchAsync(resolved, options.Value.HeartbeatTtl, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning("Run {RunId} is stored but not yet in Redis ({Error}); ReconcileSweep will dispatch it", payload.RunId, ex.Message);
            return null;
        }
    }
}
