using Hydra.Functions.Coordination;
using Hydra.Functions.Timers;

namespace Hydra.Functions.Schedules;

/// <summary>
/// Wakes ScheduleSweep on the lean host at the next due instant, so a slot between two of its every-second ticks
/// is not up to a second late. One timer, re-armed after every sweep for the soonest next_run_at; arming for an
/// instant that has passed does nothing, because a job still due after a sweep is a catch-up backlog that the
/// next tick continues (waking at once would turn "spread" back into a burst). Under the Functions host nobody
/// waits on the wake-up, and the timer is harmless.
/// </summary>
internal sealed class ScheduleWake(TimerWakeups wakeups, TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset? _armedFor;

    public void Arm(DateTimeOffset? at)
    {
        if (at is not { } due)
        {
            return;
        }

        var delay = due - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            if (_armedFor == due)
            {
                return;
            }

            _timer?.Dispose();
            _timer = time.CreateTimer(_ => wakeups.Wake(SweepNames.Schedule), null, delay, Timeout.InfiniteTimeSpan);
            _armedFor = due;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
