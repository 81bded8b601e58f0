using Hydra.Functions.Coordination;
using Hydra.Functions.Timers;

namespace Hydra.Functions.Schedules;

/// <summary>
/// Wakes ScheduleSweep on the lean host at the next due instant, so a slot between two of its every-second ticks
/// is not up to a second late. One timer, re-armed after every sweep for the soonest next_run_at. A slot that
/// fell due while the sweep ran wakes it at once; one that was already due when the sweep started (a catch-up
/// backlog of misfire: all) is left to the next tick, since waking at once would turn "spread" back into a burst.
/// Under the Functions host nobody waits on the wake-up, and the timer is harmless.
/// </summary>
internal sealed class ScheduleWake(TimerWakeups wakeups, TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset? _armedFor;

    /// <param name="at">The soonest next_run_at, or null when nothing waits.</param>
    /// <param name="sweptAt">The "now" the sweep that calls this fired up to.</param>
    public void Arm(DateTimeOffset? at, DateTimeOffset sweptAt)
    {
        if (at is not { } due || due <= sweptAt)
        {
            return;
        }

        var delay = due - time.GetUtcNow();
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
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
