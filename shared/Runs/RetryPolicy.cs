using Hydra.Shared.Jobs;

namespace Hydra.Shared.Runs;

/// <summary>
/// When a failed or timed-out attempt runs again: exponential backoff with jitter and a cap, from the job's
/// <c>retry_backoff {initial_seconds, max_seconds, factor}</c>. The delay before the retry that follows attempt n is
/// <c>min(max, initial · factor^(n−1))</c>, shortened by up to <see cref="Jitter"/> of itself at random, so runs that
/// failed together (a database that went down) do not all come back in the same second, while each delay stays
/// above the whole previous one whenever factor ≥ 1.25 and the cap is not reached. Pure: the random draw is an
/// argument, so tables of cases test it.
/// </summary>
public static class RetryPolicy
{
    public const double DefaultInitialSeconds = 5;
    public const double DefaultMaxSeconds = 300;
    public const double DefaultFactor = 2;

    /// <summary>The share of a delay that jitter may take off.</summary>
    public const double Jitter = 0.2;

    /// <summary>True when an attempt that ended with <paramref name="status"/> is retried while retries remain.</summary>
    public static bool IsRetryable(string status) => status is RunStatus.Failed or RunStatus.TimedOut;

    /// <summary>The delay before the retry after attempt <paramref name="failedAttempt"/> (1-based); <paramref name="random"/> in [0, 1).</summary>
    public static TimeSpan Delay(RetryBackoffSpec? backoff, int failedAttempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(random, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(random, 1);

        var initial = backoff?.InitialSeconds is double i && i > 0 ? i : DefaultInitialSeconds;
        var max = backoff?.MaxSeconds is double m && m > 0 ? m : Math.Max(DefaultMaxSeconds, initial);
        var factor = backoff?.Factor is double f && f >= 1 ? f : DefaultFactor;

        // Capped before the power can overflow: past the cap every exponent gives the cap.
        var exponent = Math.Min(failedAttempt - 1, 64);
        var seconds = Math.Min(max, initial * Math.Pow(factor, exponent));
        return TimeSpan.FromSeconds(seconds * (1 - (Jitter * random)));
    }
}
