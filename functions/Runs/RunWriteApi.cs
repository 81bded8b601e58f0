using Hydra.Functions.Audit;
using Hydra.Functions.Auth;
using Hydra.Functions.Jobs;
using Hydra.Functions.Http;

namespace Hydra.Functions.Runs;

/// <summary>POST /jobs/{id}/run: a manual run now, whatever the schedule (paused included).</summary>
internal static class RunWriteApi
{
    public const int MaxIdempotencyKeyLength = 200;

    public static async Task<IResult> RunNow(
        Caller caller, string id, HttpRequest request, Store.IJobStore jobs, RunLauncher launcher, AuditTrail audit, CancellationToken ct)
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

        var run = await launcher.LaunchAsync(job, RunTriggers.Manual, scheduledAt: null, string.IsNullOrEmpty(key) ? null : "manual:" + key, ct);
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
