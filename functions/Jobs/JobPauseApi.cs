using Hydra.Functions.Audit;
using Hydra.Functions.Auth;
using Hydra.Functions.Http;
using Hydra.Functions.Store;
using Hydra.Shared.Json;
using Hydra.Shared.Scheduling;

namespace Hydra.Functions.Jobs;

/// <summary>
/// POST /jobs/{id}/pause and /resume: flip schedule.enabled without sending the whole schedule (a PUT replaces
/// nested objects whole). Pausing clears next_run_at; resuming computes it from now, so slots that passed while
/// paused are neither run nor reported missed. Compare-and-set on the job's version, retried a few times.
/// Both are idempotent and answer the job.
/// </summary>
internal static class JobPauseApi
{
    private const int Attempts = 3;

    public static Task<IResult> Pause(Caller caller, string id, IJobStore jobs, AuditTrail audit, TimeProvider time, CancellationToken ct) =>
        AuditedAsync(caller, id, jobs, audit, time, enabled: false, ct);

    public static Task<IResult> Resume(Caller caller, string id, IJobStore jobs, AuditTrail audit, TimeProvider time, CancellationToken ct) =>
        AuditedAsync(caller, id, jobs, audit, time, enabled: true, ct);

    /// <summary>Every accepted pause or resume is audited, also one that found the job already so.</summary>
    private static async Task<IResult> AuditedAsync(
        Caller caller, string id, IJobStore jobs, AuditTrail audit, TimeProvider time, bool enabled, CancellationToken ct)
    {
        var result = await SetEnabledAsync(caller, id, jobs, time, enabled, ct);
        if (result is IStatusCodeHttpResult { StatusCode: null or (>= 200 and < 300) } && await JobReadApi.Find(caller, jobs, id, ct) is { } job)
        {
            await audit.RecordAsync(caller, job.Domain!, enabled ? AuditActions.JobResume : AuditActions.JobPause, "job/" + id, ct);
        }

        return result;
    }

    private static async Task<IResult> SetEnabledAsync(
        Caller caller, string id, IJobStore jobs, TimeProvider time, bool enabled, CancellationToken ct)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var job = await JobReadApi.Find(caller, jobs, id, ct);
            if (job is null)
            {
                return JobReadApi.NotFound(id);
            }

            var schedule = job.Schedule!;
            if ((schedule.Enabled ?? true) == enabled)
            {
                return Results.Json(job, HydraJson.JobDocument);
            }

            var now = time.GetUtcNow();
            var expected = job.Version!.Value;
            schedule.Enabled = enabled;
            schedule.NextRunAt = enabled ? SchedulePreview.Next(schedule, now) : null;
            job.Version = expected + 1;
            job.UpdatedAt = now;
            if (await jobs.UpdateAsync(JobRecords.ToRecord(job), expected, ct))
            {
                return Results.Json(job, HydraJson.JobDocument);
            }
        }

        return Problems.Conflict($"Job '{id}' is being changed by someone else; try again.");
    }
}
