using Hydra.Shared.Jobs;

namespace Hydra.Shared.Scheduling;

/// <summary>
/// When a schedule fires next, as pure functions of the schedule and a given "now" (no clock is read here).
/// <list type="bullet">
/// <item>immediate: never; the API enqueues its one run on submission.</item>
/// <item>interval: the first slot is max(start_at, now), then every interval_seconds; with start_at the slots
/// stay on start_at's grid, so a job asked for at :00 every 5 minutes keeps firing at :00, :05, … whenever it
/// is evaluated.</item>
/// <item>cron: strictly after max(start_at, now), in the schedule's time zone (Cronos resolves DST).</item>
/// </list>
/// Nothing at or after end_at. Results are in UTC. A schedule that does not validate yields nothing.
/// </summary>
internal static class SchedulePreview
{
    /// <summary>The next slot of an enabled schedule, or null when it is paused, finished or never fires.</summary>
    public static DateTimeOffset? Next(ScheduleSpec? schedule, DateTimeOffset now) =>
        schedule is null || schedule.Enabled == false ? null : Occurrences(schedule, now).Cast<DateTimeOffset?>().FirstOrDefault();

    /// <summary>Up to <paramref name="count"/> coming slots; a paused schedule still lists what it would do.</summary>
    public static IReadOnlyList<DateTimeOffset> NextOccurrences(ScheduleSpec? schedule, DateTimeOffset now, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return schedule is null ? [] : [.. Occurrences(schedule, now).Take(count)];
    }

    private static IEnumerable<DateTimeOffset> Occurrences(ScheduleSpec schedule, DateTimeOffset now)
    {
        var slots = schedule.Mode?.Trim().ToLowerInvariant() switch
        {
            JobModes.Interval => IntervalSlots(schedule, now),
            JobModes.Cron => CronSlots(schedule, now),
            _ => [],
        };
        return schedule.EndAt is { } end ? slots.TakeWhile(slot => slot < end) : slots;
    }

    private static IEnumerable<DateTimeOffset> IntervalSlots(ScheduleSpec schedule, DateTimeOffset now)
    {
        if (schedule.IntervalSeconds is not ({ } seconds and > 0))
        {
            yield break;
        }

        var step = TimeSpan.FromSeconds(seconds);
        var slot = now.ToUniversalTime();
        if (schedule.StartAt is { } start)
        {
            slot = start.ToUniversalTime();
            if (slot < now)
            {
                // The first grid point at or after now: start + ceil((now - start) / step) * step.
                var steps = ((now - slot).Ticks + step.Ticks - 1) / step.Ticks;
                if (steps > (DateTimeOffset.MaxValue - slot).Ticks / step.Ticks)
                {
                    yield break;
                }

                slot += TimeSpan.FromTicks(steps * step.Ticks);
            }
        }

        while (true)
        {
            yield return slot;
            if (slot > DateTimeOffset.MaxValue - step)
            {
                yield break;
            }

            slot += step;
        }
    }

    private static IEnumerable<DateTimeOffset> CronSlots(ScheduleSpec schedule, DateTimeOffset now)
    {
        if (!CronSchedule.TryParse(schedule.Cron, out var expression, out _)
            || !ScheduleZone.TryResolve(schedule.Timezone, out var zone))
        {
            yield break;
        }

        var from = schedule.StartAt is { } start && start > now ? start : now;
        while (expression.GetNextOccurrence(from, zone) is { } next)
        {
            yield return next.ToUniversalTime();
            from = next;
        }
    }
}
