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

    public async Task ReportAsync(AttemptOutcome outcome, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var result = await reporter.CompleteAsync(outcome, ct);
                if (result == CompletionResult.Superseded)
                {
                    log.LogWarning(
                        "Run {RunId} attempt {Attempt} was reported after its lease moved on; recorded as superseded",
                        outcome.RunId, outcome.Attempt);
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
