using Hydra.Functions.Audit;
using System.Text.Json;
using Hydra.Functions.Auth;
using Hydra.Functions.Http;
using Hydra.Functions.Jobs;
using Hydra.Functions.Store;
using Hydra.Shared.Json;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Runs;

/// <summary>POST /runs/{id}/cancel and POST /runs/{id}/retry.</summary>
internal static class RunControlApi
{
    /// <summary>
    /// 200 <c>cancelled</c> when the run had not started, 202 <c>cancelling</c> when its worker was told to stop it,
    /// 409 when it had already ended, 404 when the caller's domain has no such run.
    /// </summary>
    public static async Task<IResult> Cancel(
        Caller caller, string id, RunCancellation cancellation, IRunStore runs, AuditTrail audit, CancellationToken ct)
    {
        var outcome = JobRecords.IsWellFormedId(id)
            ? await cancellation.CancelAsync(caller.Scope, id, "cancelled by request", ct)
            : CancelOutcome.NotFound;
        if (outcome is CancelOutcome.Cancelled or CancelOutcome.Cancelling && await runs.GetAsync(caller.Scope, id, ct) is { } cancelled)
        {
            await audit.RecordAsync(caller, cancelled.Domain, AuditActions.RunCancel, "run/" + id, ct);
        }

        return outcome switch
        {
            CancelOutcome.NotFound => Problems.NotFound($"Run '{id}' was not found."),
            CancelOutcome.AlreadyEnded => Problems.Conflict($"Run '{id}' has already ended; there is nothing to cancel."),
            CancelOutcome.Cancelled => Results.Json(new RunCancelReply(id, RunStatus.Cancelled), ApiJsonContext.Default.RunCancelReply),
            _ => Results.Json(new RunCancelReply(id, RunCancelReply.Cancelling), ApiJsonContext.Default.RunCancelReply, statusCode: StatusCodes.Status202Accepted),
        };
    }

    /// <summary>
    /// Starts a new run (trigger <c>retry</c>, attempt 1, the job's full retries) from an ended run that did not
    /// succeed, with the dispatch intent that run was created with. 202 with the new run id; 409 when the run is still
    /// going or succeeded.
    /// </summary>
    public static async Task<IResult> Retry(
        Caller caller, string id, IRunStore runs, RunLauncher launcher, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var run = JobRecords.IsWellFormedId(id) ? await runs.GetAsync(caller.Scope, id, ct) : null;
        if (run is null)
        {
            return Problems.NotFound($"Run '{id}' was not found.");
        }

        if (!RunStatus.IsTerminal(run.Status) || run.Status == RunStatus.Success)
        {
            return Problems.Conflict($"Run '{id}' is {run.Status}; only a failed, timed_out or cancelled run can be retried.");
        }

        var payload = JsonSerializer.Deserialize(run.Dispatch, HydraJson.DispatchPayload)!;
        var now = time.GetUtcNow();
        payload.RunId = Guid.NewGuid().ToString("N");
        payload.Attempt = 1;
        payload.LeaseToken = null;
        payload.EnqueuedAt = now;
        var retry = run with
        {
            Id = payload.RunId,
            Status = RunStatus.Queued,
            CreatedAt = now,
            Trigger = RunTriggers.Retry,
            Attempt = 1,
            RetriesRemaining = payload.RetriesRemaining,
            WorkerId = null,
            Slot = null,
            StartedAt = null,
            EndedAt = null,
            ReturnCode = null,
            Stdout = null,
            Stderr = null,
            CompletionReason = null,
            QueueLatencyMs = null,
            Dispatch = JsonSerializer.Serialize(payload, HydraJson.DispatchPayload),
            IdempotencyKey = null,
            UpdatedAt = now,
        };
        await runs.InsertAsync(retry, ct);
        await launcher.TryDispatchAsync(payload, ct);
        await audit.RecordAsync(caller, run.Domain, AuditActions.RunRetry, "run/" + retry.Id, ct);
        return Results.Json(new RunQueuedReply(run.JobId, retry.Id, true), ApiJsonContext.Default.RunQueuedReply, statusCode: StatusCodes.Status202Accepted);
    }
}

/// <summary>The answer to a cancel: <c>cancelled</c> (done) or <c>cancelling</c> (the worker is stopping it).</summary>
internal sealed record RunCancelReply(string RunId, string Status)
{
    public const string Cancelling = "cancelling";
}
