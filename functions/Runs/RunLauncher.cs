using System.Text.Json;
using Hydra.Functions.Coordination;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;
using Hydra.Shared.Json;
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
    IRunStore runs, RunDispatcher dispatcher, TimeProvider time, IOptions<CoordinationOptions> options, ILogger<RunLauncher> log,
    Secrets.SecretResolver secrets)
{
    public async Task<RunRecord> LaunchAsync(JobDocument job, string trigger, DateTimeOffset? scheduledAt, string? idempotencyKey, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var payload = new DispatchPayload
        {
            RunId = Guid.NewGuid().ToString("N"),
            JobId = job.Id!,
            Domain = job.Domain!,
            JobName = job.Name,
            User = job.User,
            Attempt = 1,
            Executor = job.Executor!,
            Completion = job.Completion,
            Affinity = job.Affinity,
            TimeoutSeconds = job.Timeout ?? 0,
            Priority = job.Priority ?? JobModes.DefaultPriority,
            RetriesRemaining = job.Retries ?? 0,
            RetryBackoff = job.RetryBackoff,
            EnqueuedAt = now,
            ScheduledAt = scheduledAt,
        };
        var run = new RunRecord
        {
            Id = payload.RunId,
            Domain = payload.Domain,
            JobId = payload.JobId,
            User = job.User,
            Status = RunStatus.Queued,
            Priority = payload.Priority,
            CreatedAt = now,
            ScheduledAt = scheduledAt,
            ScheduleMode = job.Schedule?.Mode,
            Trigger = trigger,
            ExecutorType = job.Executor!.Type!,
            Attempt = 1,
            RetriesRemaining = payload.RetriesRemaining,
            Dispatch = JsonSerializer.Serialize(payload, HydraJson.DispatchPayload),
            IdempotencyKey = idempotencyKey,
            UpdatedAt = now,
        };

        if (!await runs.InsertAsync(run, ct))
        {
            // Same idempotency key: the run already exists; answer with it and dispatch nothing new.
            return await runs.GetByIdempotencyKeyAsync(run.Domain, idempotencyKey!, ct) ?? run;
        }

        await TryDispatchAsync(payload, ct);
        return run;
    }

    /// <summary>
    /// Pushes a stored run to Redis; a failure is logged, not thrown: the run is safe in the store. Secret references
    /// are resolved here, into the pushed copy only (the stored payload keeps references).
    /// </summary>
    public async Task TryDispatchAsync(DispatchPayload payload, CancellationToken ct)
    {
        try
        {
            var resolved = await secrets.ResolveAsync(payload, ct);
            await dispatcher.DispatchAsync(resolved, options.Value.HeartbeatTtl, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning("Run {RunId} is stored but not yet in Redis ({Error}); ReconcileSweep will dispatch it", payload.RunId, ex.Message);
        }
    }
}
