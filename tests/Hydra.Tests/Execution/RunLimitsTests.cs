using Hydra.WorkerHost.Execution;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Tests.Execution;

public sealed class RunLimitsTests
{
    [Fact]
    public void Defaults_are_no_timeout_five_seconds_grace_and_one_MiB_per_stream()
    {
        Assert.Null(RunLimits.Default.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), RunLimits.Default.KillGrace);
        Assert.Equal(1024 * 1024, RunLimits.Default.MaxOutputBytesPerStream);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(-3, null)]
    [InlineData(10, 10)]
    public void A_job_timeout_of_zero_seconds_means_none(int seconds, int? expected)
    {
        Assert.Equal(expected is { } s ? TimeSpan.FromSeconds(s) : null, RunLimits.ForTimeoutSeconds(seconds).Timeout);
    }

    [Fact]
    public async Task Invalid_limits_are_refused_before_anything_starts()
    {
        var runner = new ProcessRunner(TimeProvider.System, NullLogger<ProcessRunner>.Instance);
        var started = false;

        foreach (var limits in new[]
        {
            new RunLimits { Timeout = TimeSpan.Zero },
            new RunLimits { KillGrace = TimeSpan.FromSeconds(-1) },
            new RunLimits { MaxOutputBytesPerStream = 1 },
        })
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
                runner.RunAsync(ProcessCommand.Of("echo"), limits, new RecordingSink(), _ => started = true, CancellationToken.None));
        }

        Assert.False(started);
    }
}
