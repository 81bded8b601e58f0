using Hydra.Shared.Jobs;

namespace Hydra.Shared.Scheduling;

/// <summary>
/// When a schedule fires next, as pure functions of the schedule and a given "now" (no clock is read here).
/// <list type="bullet">
/// <item>immediate: never; the API enqueues its one run on submission.</item>
/// <item>interval: the first slot is max(start_at, now), then every interval_seconds; with start_at the slots
/// stay on start_at's grid, so a job asked for at :00 every 5 minutes keeps firing at :00, :05, … whenever it
/// is evaluated.</item>
/// <item>cron: strictly after max(start_at, now), in the schedule's time zone; DST as <see cref="ZonedCron"/> documents.</item>
/// <item>at: run_at, once (even when it has passed: the sweep's misfire policy decides what a late one does).</item>
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
            JobModes.At => schedule.RunAt is { } at ? [at.ToUniversalTime()] : [],
            _ => [],
        };
        return BeforeEnd(schedule, slots);
    }

    /// <summary>
    /// The slots strictly after <paramref name="slot"/> (a slot the schedule produced), before end_at: the
    /// interval grid continues from the slot itself, so slots stay on their grid whenever the sweep runs.
    /// </summary>
    public static IEnumerable<DateTimeOffset> After(ScheduleSpec schedule, DateTimeOffset slot)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        IEnumerable<DateTimeOffset> slots = schedule.Mode?.Trim().ToLowerInvariant() switch
        {
            JobModes.Interval when schedule.IntervalSeconds is { } seconds and > 0 =>
                Grid(slot.ToUniversalTime(), TimeSpan.FromSeconds(seconds)).Skip(1),
            JobModes.Cron when CronSchedule.TryParse(schedule.Cron, out var expression, out _)
                && ScheduleZone.TryResolve(schedule.Timezone, out var zone) => ZonedCron.After(expression, zone, slot),
            _ => [],
        };
        return BeforeEnd(schedule, slots);
    }

    private static IEnumerable<DateTimeOffset> BeforeEnd(ScheduleSpec schedule, IEnumerable<DateTimeOffset> slots) =>
        schedule.EndAt is { } end ? slots.TakeWhile(slot => slot < end) : slots;

    private static IEnumerable<DateTimeOffset> Grid(DateTimeOffset slot, TimeSpan step)
    {
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

        foreach (var point in Grid(slot, step))
        {
            yield return point;
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
        foreach (var next in ZonedCron.After(expression, zone, from))
        {
            yield return next;
        }
    }
}
