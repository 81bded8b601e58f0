using System.Text.Json;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;
using Hydra.Shared.Json;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Runs;

/// <summary>
/// A new run of a job, not yet stored: its row (queued, attempt 1) and the dispatch payload the row carries, so
/// every path that creates runs (submission, manual run, schedule slot) builds them the same way.
/// </summary>
internal static class RunDraft
{
    public static (RunRecord Run, DispatchPayload Payload) Create(
        JobDocument job, string trigger, DateTimeOffset? scheduledAt, string? idempotencyKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
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
        return (run, payload);
    }
}
