using Hydra.Shared.Redis;
using Hydra.Shared.Runs;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// Hands an attempt's outcome to Redis, retrying with backoff while Redis is unreachable: an outcome is kept in
/// memory until Redis has it, so a Redis blip does not lose a finished run. A superseded report (the run was failed
/// over meanwhile) is final too: Redis recorded it and changed nothing.
/// </summary>
internal sealed class OutcomeReporter(AttemptReporter reporter, TimeProvider time, ILogger<OutcomeReporter> log)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public Task ReportAsync(AttemptOutcome outcome, CancellationToken ct) => ReportAsync(outcome, retry: null, ct);

    /// <summary>
    /// The retry for a failed or timed-out attempt with retries left: the job's backoff for this attempt number, with
    /// jitter; null when the run should finish with this outcome.
    /// </summary>
    public static RetryRequest? RetryFor(DispatchPayload payload, AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(outcome);
        return RetryPolicy.IsRetryable(outcome.Status) && payload.RetriesRemaining > 0
            ? new RetryRequest(RetryPolicy.Delay(payload.RetryBackoff, Math.Max(1, payload.Attempt), Random.Shared.NextDouble()), payload.RetriesRemaining - 1)
            : null;
    }

    public async Task ReportAsync(AttemptOutcome outcome, RetryRequest? retry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var result = await reporter.CompleteAsync(outcome, retry, ct);
                if (result == CompletionResult.Superseded)
                {
                    log.LogWarning(
                        "Run {RunId} attempt {Attempt} was reported after its lease moved on; recorded as superseded",
                        outcome.RunId, outcome.Attempt);
                }
                else if (result == CompletionResult.RetryScheduled)
                {
                    log.LogInformation(
                        "Run {RunId} attempt {Attempt} ended {Status}; retry in {Delay:0.0}s ({Left} left after it)",
                        outcome.RunId, outcome.Attempt, outcome.Status, retry?.Delay.TotalSeconds, retry?.RetriesRemaining);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning("Reporting run {RunId} failed, retrying in {Delay} ms: {Error}", outcome.RunId, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, time, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, MaxDelay.TotalMilliseconds));
            }
        }
    }
}
