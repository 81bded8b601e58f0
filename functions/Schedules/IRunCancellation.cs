namespace Hydra.Functions.Schedules;

/// <summary>
/// Seam for overlap: replace. Contract: cancel this run — mark it cancelling so it is not dispatched or retried
/// again, and have the worker that holds its attempt kill the attempt's whole process tree; a run still waiting
/// in Redis is withdrawn. Idempotent; a run that already ended is left alone. Returns once the cancel is
/// requested, not when the process has died.
/// The cancel mechanism (POST /runs/{id}/cancel and the worker-side kill through Redis) is built elsewhere; it
/// registers its implementation of this interface. Without one, replace still starts the new run and logs an
/// error naming the run it could not cancel.
/// </summary>
internal interface IRunCancellation
{
    Task CancelAsync(string domain, string runId, string reason, CancellationToken ct);
}
