using Hydra.Functions.Audit;
using Hydra.Functions.Auth;
using Hydra.Functions.Jobs;
using Hydra.Functions.Http;

namespace Hydra.Functions.Runs;

/// <summary>
/// POST /jobs/{id}/run: a manual run now, whatever the schedule (paused included). It obeys the job's overlap
/// policy like a schedule slot (forbid: 409 while a run of the job is queued or running, recorded as skipped;
/// replace: the running one is cancelled) unless <c>?force=true</c>.
/// </summary>
internal static class RunWriteApi
{
    public const int MaxIdempotencyKeyLength = 200;

    public static async Task<IResult> RunNow(
        Caller caller, string id, HttpRequest request, Store.IJobStore jobs, RunLauncher launcher, ManualRunPolicy policy, AuditTrail audit,
        string? force, CancellationToken ct)
    {
        var job = await JobReadApi.Find(caller, jobs, id, ct);
        if (job is null)
        {
            return JobReadApi.NotFound(id);
        }

        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKeyLength)
        {
            return Problems.BadRequest("Idempotency-Key", $"must be at most {MaxIdempotencyKeyLength} characters");
        }

        if (!ManualRunPolicy.TryParseForce(force, out var forced))
        {
            return Problems.BadRequest("force", "must be true or false");
        }

        var idempotencyKey = string.IsNullOrEmpty(key) ? null : "manual:" + key;
        if (!forced && ManualRunPolicy.Applies(job))
        {
            var governed = await policy.RunAsync(job, idempotencyKey, ct);
            if (governed is IStatusCodeHttpResult { StatusCode: null or (>= 200 and < 300) })
            {
                await audit.RecordAsync(caller, job.Domain!, AuditActions.JobRun, "job/" + job.Id, ct);
            }

            return governed;
        }

        var run = await launcher.LaunchAsync(job, RunTriggers.Manual, scheduledAt: null, idempotencyKey, ct);
        await audit.RecordAsync(caller, job.Domain!, AuditActions.JobRun, "run/" + run.Id, ct);
        return Results.Json(new RunQueuedReply(job.Id!, run.Id, true), ApiJsonContext.Default.RunQueuedReply, statusCode: StatusCodes.Status202Accepted);
    }
}

/// <summary>Why a run exists.</summary>
internal static class RunTriggers
{
    public const string Manual = "manual";
    public const string Immediate = "immediate";
    public const string Adhoc = "adhoc";
    public const string Schedule = "schedule";
    public const string Retry = "retry";
}
