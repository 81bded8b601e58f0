using Hydra.Functions.Events;
using Hydra.Functions.Store;
using Hydra.Shared.Events;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Runs;

internal enum CancelOutcome
{
    NotFound,
    /// <summary>The run had already ended (or its end waits for ingest); nothing changed.</summary>
    AlreadyEnded,
    /// <summary>The run had not started its attempt and is cancelled in the store now.</summary>
    Cancelled,
    /// <summary>The run is running: its worker was told to stop the process tree and will report <c>cancelled</c>.</summary>
    Cancelling,
}

/// <summary>
/// Cancels a run: POST /runs/{id}/cancel, and any caller that must stop a run (a schedule's <c>replace</c> overlap
/// policy). A run that has not started its attempt is cancelled at once, in Redis and in the store; a running one is
/// flagged and its worker told (pub/sub, with the heartbeat as fallback), which kills the whole process tree and
/// reports <c>cancelled</c>; if that worker is gone, the next FailoverSweep ends the run cancelled.
/// </summary>
internal sealed class RunCancellation(IRunStore runs, RunCanceller canceller, IEventPublisher events, TimeProvider time)
{
    /// <param name="domain">The caller's domain; null for the admin (any domain). Another domain's run is not found.</param>
    public async Task<CancelOutcome> CancelAsync(string? domain, string runId, string reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var run = await runs.GetAsync(domain, runId, ct);
        if (run is null)
        {
            return CancelOutcome.NotFound;
        }

        if (RunStatus.IsTerminal(run.Status))
        {
            return CancelOutcome.AlreadyEnded;
        }

        var result = await canceller.CancelAsync(run.Domain, run.Id, reason, ct);
        switch (result.Outcome)
        {
            case RedisCancelOutcome.Signalled:
                return CancelOutcome.Cancelling;
            case RedisCancelOutcome.Finished:
                return CancelOutcome.AlreadyEnded;
            case RedisCancelOutcome.Cancelled:
                // Ingest would apply the same record a moment later; writing it now lets the caller see the result.
                await runs.ApplyAsync([Cancelled(run, result.Attempt, reason)], ct);
                await AnnounceAsync(run, result.Attempt, reason, ct);
                return CancelOutcome.Cancelled;
            default:
                // Redis does not know it: stored but not yet dispatched (reconcile would), or Redis lost it. The
                // store is the record; once it says cancelled, reconcile leaves the run alone.
                await runs.ApplyAsync([Cancelled(run, run.Attempt, reason)], ct);
                await AnnounceAsync(run, run.Attempt, reason, ct);
                return CancelOutcome.Cancelled;
        }
    }

    private Task AnnounceAsync(RunRecord run, int attempt, string reason, CancellationToken ct) =>
        EventDraft.RunEnded(RunStatus.Cancelled, run.Id, Math.Max(attempt, run.Attempt), run.WorkerId, null, reason) is { } draft
            ? events.PublishAsync(run.Domain, [draft], ct)
            : Task.CompletedTask;

    private RunUpdate Cancelled(RunRecord run, int attempt, string reason) => new()
    {
        RunId = run.Id,
        Domain = run.Domain,
        Attempt = Math.Max(attempt, run.Attempt),
        AttemptStatus = RunStatus.Cancelled,
        RunStatus = RunStatus.Cancelled,
        EndedAt = time.GetUtcNow(),
        CompletionReason = reason,
    };
}
