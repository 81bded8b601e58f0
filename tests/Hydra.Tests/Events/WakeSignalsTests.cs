using Hydra.Functions.Events;

namespace Hydra.Tests.Events;

public sealed class WakeSignalsTests
{
    [Fact]
    public async Task A_signal_wakes_every_armed_waiter_of_its_topic_and_no_other()
    {
        var signals = new WakeSignals();
        using var first = signals.Arm("events:a");
        using var second = signals.Arm("events:a");
        using var other = signals.Arm("events:b");

        signals.Signal("events:a");

        await first.Woken.WaitAsync(TimeSpan.FromSeconds(5));
        await second.Woken.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(other.Woken.IsCompleted);
    }

    [Fact]
    public void A_waiter_armed_after_a_signal_waits_for_the_next_one()
    {
        var signals = new WakeSignals();
        using (signals.Arm("t"))
        {
            signals.Signal("t");
            using var late = signals.Arm("t");
            Assert.False(late.Woken.IsCompleted);
        }
    }

    [Fact]
    public void A_topic_is_forgotten_when_its_last_waiter_leaves()
    {
        var signals = new WakeSignals();
        var ticket = signals.Arm("log:d:r1");
        Assert.Equal(1, signals.Waiters("log:d:r1"));

        ticket.Dispose();
        ticket.Dispose();

        Assert.Equal(0, signals.TopicCount);
    }

    [Fact]
    public async Task A_wait_ends_false_when_its_time_runs_out_and_true_when_woken()
    {
        var time = TimeProvider.System;
        var signals = new WakeSignals();
        using var ticket = signals.Arm("t");

        Assert.False(await WakeWait.AnyAsync([ticket], TimeSpan.FromMilliseconds(50), time, CancellationToken.None));
        Assert.False(await WakeWait.AnyAsync([ticket], TimeSpan.Zero, time, CancellationToken.None));

        var woken = WakeWait.AnyAsync([ticket], TimeSpan.FromSeconds(25), time, CancellationToken.None);
        signals.Signal("t");
        Assert.True(await woken);
    }
}
