using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;

namespace Hydra.Tests.Reliability;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(null, null, null, 1, 0.0, 5)]
    [InlineData(null, null, null, 2, 0.0, 10)]
    [InlineData(null, null, null, 20, 0.0, 300)]
    [InlineData(1.0, 60.0, 4.0, 1, 0.0, 1)]
    [InlineData(1.0, 60.0, 4.0, 2, 0.0, 4)]
    [InlineData(1.0, 60.0, 4.0, 4, 0.0, 60)]
    [InlineData(2.0, 10.0, 1.0, 5, 0.0, 2)]
    [InlineData(1.0, 60.0, 4.0, 2, 0.5, 3.6)]
    [InlineData(10.0, null, null, 1, 0.999999, 8.00002)]
    [InlineData(400.0, null, null, 1, 0.0, 400)]
    public void Delay_is_exponential_capped_and_jittered_down_by_at_most_a_fifth(
        double? initial, double? max, double? factor, int attempt, double random, double expectedSeconds)
    {
        var backoff = initial is null && max is null && factor is null
            ? null
            : new RetryBackoffSpec { InitialSeconds = initial, MaxSeconds = max, Factor = factor };

        Assert.Equal(expectedSeconds, RetryPolicy.Delay(backoff, attempt, random).TotalSeconds, precision: 3);
    }

    [Fact]
    public void Each_delay_exceeds_the_whole_previous_one_below_the_cap_whatever_the_jitter()
    {
        var backoff = new RetryBackoffSpec { InitialSeconds = 1, MaxSeconds = 1000, Factor = 1.25 };
        for (var attempt = 1; attempt < 10; attempt++)
        {
            Assert.True(RetryPolicy.Delay(backoff, attempt + 1, 0.999999) >= RetryPolicy.Delay(backoff, attempt, 0));
        }
    }

    [Theory]
    [InlineData("failed", true)]
    [InlineData("timed_out", true)]
    [InlineData("success", false)]
    [InlineData("cancelled", false)]
    public void Only_failed_and_timed_out_attempts_are_retried(string status, bool retried) =>
        Assert.Equal(retried, RetryPolicy.IsRetryable(status));
}
