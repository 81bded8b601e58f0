using System.Globalization;
using Hydra.Shared.Runs;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

internal enum CompletionResult
{
    /// <summary>The run is finished in Redis and a <c>finished</c> ingest record waits for the store.</summary>
    Completed,
    /// <summary>The lease was not the run's current one: recorded as <c>superseded</c>, nothing else changed.</summary>
    Superseded,
    /// <summary>The run waits in the delayed set as its next attempt; a <c>retry_scheduled</c> record waits for the store.</summary>
    RetryScheduled,
}

internal enum HandBackResult
{
    /// <summary>The attempt is recorded lost and the run is pending again as its next attempt.</summary>
    Released,
    /// <summary>A cancel had been asked: the run ended cancelled instead.</summary>
    Cancelled,
    /// <summary>The lease had moved on (failed over meanwhile); nothing changed.</summary>
    Superseded,
}

/// <summary>
/// Complete, called by the worker host when an attempt ends. The lease token turns at-least-once reporting into
/// effectively-once: only the holder of the run's current lease can finish it, and reporting the same attempt twice
/// finishes it once.
/// </summary>
internal sealed class AttemptReporter(LuaScripts scripts)
{
    public Task<CompletionResult> CompleteAsync(AttemptOutcome outcome, CancellationToken ct) =>
        CompleteAsync(outcome, retry: null, ct);

    /// <summary>
    /// Records the outcome. With <paramref name="retry"/> (a failed or timed-out attempt with retries left) the run is
    /// not finished: it waits in the domain's delayed set until Redis TIME + the delay, as its next attempt with one
    /// retry fewer. The delay is relative so the worker's clock never matters; Redis's clock decides when it is due.
    /// A run whose cancel was asked is finished instead of retried.
    /// </summary>
    public async Task<CompletionResult> CompleteAsync(AttemptOutcome outcome, RetryRequest? retry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome.RunId);
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome.LeaseToken);
        if (retry is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(retry.Delay, TimeSpan.Zero, nameof(retry));
            ArgumentOutOfRangeException.ThrowIfNegative(retry.RetriesRemaining, nameof(retry));
        }

        var keys = scripts.Keys;
        var domain = outcome.Domain;
        var result = await scripts.EvaluateAsync(
            LuaSource.Complete,
            [keys.Run(domain, outcome.RunId), keys.Ingest(domain), keys.IngestSequence(domain), keys.Delayed(domain)],
            [
                keys.DomainBase(domain),
                domain,
                outcome.RunId,
                outcome.Attempt,
                outcome.LeaseToken,
                outcome.WorkerId,
                outcome.Slot,
                outcome.Status,
                outcome.ReturnCode?.ToString(CultureInfo.InvariantCulture) ?? "",
                outcome.Stdout,
                outcome.Stderr,
                outcome.CompletionReason,
                keys.IngestWake.ToString(),
                keys.DispatchWake.ToString(),
                retry is null ? "" : ((long)retry.Delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                retry?.RetriesRemaining ?? 0,
            ],
            ct);
        return (string)result! switch
        {
            "completed" => CompletionResult.Completed,
            "superseded" => CompletionResult.Superseded,
            "retry_scheduled" => CompletionResult.RetryScheduled,
            var other => throw new InvalidOperationException($"complete.lua answered '{other}'."),
        };
    }

    /// <summary>
    /// Drain: a worker shutting down hands back an attempt it had to stop. Recorded <c>lost</c> with
    /// <paramref name="reason"/>; the run goes back to pending as its next attempt without spending a retry.
    /// </summary>
    public async Task<HandBackResult> HandBackAsync(
        string domain, string runId, string workerId, string leaseToken, string reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseToken);
        var keys = scripts.Keys;
        var result = await scripts.EvaluateAsync(
            LuaSource.Release,
            [keys.Run(domain, runId), keys.Inflight(domain, workerId), keys.Ingest(domain), keys.IngestSequence(domain)],
            [keys.DomainBase(domain), domain, runId, leaseToken, workerId, reason, keys.IngestWake.ToString(), keys.DispatchWake.ToString()],
            ct);
        return (string)result! switch
        {
            "released" => HandBackResult.Released,
            "cancelled" => HandBackResult.Cancelled,
            "superseded" => HandBackResult.Superseded,
            var other => throw new InvalidOperationException($"release.lua answered '{other}'."),
        };
    }
}

/// <summary>Schedule the run's next attempt after <paramref name="Delay"/>, leaving <paramref name="RetriesRemaining"/>.</summary>
internal sealed record RetryRequest(TimeSpan Delay, int RetriesRemaining);
