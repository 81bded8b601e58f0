using System.Globalization;
using Hydra.Shared.Jobs;

namespace Hydra.Shared.Scheduling;

/// <summary>One run the sweep creates for a schedule: a slot to fire, or a record that slots were missed.</summary>
/// <param name="Slot">The slot instant; with the job id it is the run's identity.</param>
/// <param name="Missed">True: nothing runs; the run is recorded as missed so the gap is visible.</param>
/// <param name="Note">Why the run is not an ordinary on-time slot (coalesced, caught up, missed), or null.</param>
internal sealed record PlannedRun(DateTimeOffset Slot, bool Missed, string? Note);

/// <summary>What one sweep does for one due job, and where the schedule goes next.</summary>
/// <param name="NextRunAt">The job's next slot; null when the schedule is finished (end_at, or an at-job that ran) and disables itself.</param>
internal sealed record SlotPlan(IReadOnlyList<PlannedRun> Runs, DateTimeOffset? NextRunAt);

/// <summary>
/// The misfire decisions, as a pure function of (schedule, the slot the job was due at, now). A slot is on time
/// while it is at most <see cref="MisfireGrace"/> old (the sweep runs every second; older means nothing swept:
/// downtime or an overloaded store). On-time slots always fire, one run each. Late slots follow schedule.misfire:
/// <list type="bullet">
/// <item>coalesce: one run, for the latest due slot, noting how many slots it stands for;</item>
/// <item>all: every late slot inside the catch-up window fires, oldest first, at most <see cref="CatchUpPerSweep"/>
/// per sweep so a backlog is spread over the following sweeps instead of landing as a burst; slots older than the
/// window are recorded as one missed run;</item>
/// <item>skip: none fires; the gap is recorded as one missed run (one per gap, not per slot, so a second-by-second
/// job that was down for hours leaves one row, not thousands).</item>
/// </list>
/// The next slot continues the schedule's own grid (interval) or calendar (cron), never "now + interval".
/// </summary>
internal static class SlotPlanner
{
    public static readonly TimeSpan MisfireGrace = TimeSpan.FromSeconds(60);

    public const int CatchUpPerSweep = 5;

    /// <summary>How many due slots are looked at; a longer backlog is described as "at least" this many.</summary>
    public const int MaxScan = 100_000;

    public static SlotPlan Plan(ScheduleSpec schedule, DateTimeOffset due, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.EndAt is { } end && due >= end)
        {
            return new SlotPlan([], null);
        }

        var slots = new List<DateTimeOffset> { due };
        slots.AddRange(SchedulePreview.After(schedule, due).TakeWhile(s => s <= now).Take(MaxScan - 1));
        var late = slots.Where(s => now - s > MisfireGrace).ToList();
        var onTime = slots.Skip(late.Count).Select(s => new PlannedRun(s, false, null));
        if (late.Count == 0)
        {
            return new SlotPlan([.. onTime], NextAfter(schedule, slots[^1], now));
        }

        switch (schedule.Misfire)
        {
            case SchedulePolicies.Skip:
                return new SlotPlan([Missed(late, slots.Count, "skip"), .. onTime], NextAfter(schedule, slots[^1], now));

            case SchedulePolicies.All:
                return CatchUp(schedule, slots, late, now);

            default:
                var note = slots.Count == 1
                    ? $"ran {Describe(now - due)} late (misfire: coalesce)"
                    : $"coalesced {Count(slots.Count)} slots from {Iso(slots[0])} to {Iso(slots[^1])} (misfire: coalesce)";
                return new SlotPlan([new PlannedRun(slots[^1], false, note)], NextAfter(schedule, slots[^1], now));
        }
    }

    private static SlotPlan CatchUp(ScheduleSpec schedule, List<DateTimeOffset> slots, List<DateTimeOffset> late, DateTimeOffset now)
    {
        var window = SchedulePolicies.CatchUpWindow(schedule);
        var expired = late.Where(s => now - s > window).ToList();
        var runs = new List<PlannedRun>();
        if (expired.Count > 0)
        {
            runs.Add(Missed(expired, expired.Count, $"all; outside the catch-up window of {Describe(window)}"));
        }

        var pending = slots.Skip(expired.Count).ToList();
        var fire = pending.Take(CatchUpPerSweep).ToList();
        runs.AddRange(fire.Select(s => new PlannedRun(
            s, false, now - s > MisfireGrace ? $"caught up {Describe(now - s)} late (misfire: all)" : null)));
        // With more left, the job stays due at the next slot to catch up; the next sweep continues from there.
        var next = pending.Count > fire.Count ? pending[fire.Count] : NextAfter(schedule, slots[^1], now);
        return new SlotPlan(runs, next);
    }

    private static PlannedRun Missed(List<DateTimeOffset> gap, int scanned, string policy) => new(
        gap[0], true,
        gap.Count == 1
            ? $"missed the slot of {Iso(gap[0])} (misfire: {policy})"
            : $"missed {Count(gap.Count, scanned)} slots from {Iso(gap[0])} to {Iso(gap[^1])} (misfire: {policy})");

    /// <summary>The first slot after <paramref name="slot"/> that is later than now, or null when there is none before end_at.</summary>
    private static DateTimeOffset? NextAfter(ScheduleSpec schedule, DateTimeOffset slot, DateTimeOffset now)
    {
        if (schedule.Mode == JobModes.Interval && schedule.IntervalSeconds is { } seconds and > 0 && now > slot)
        {
            // Skip whole steps arithmetically: a long outage of a per-second job must not be walked slot by slot.
            var step = TimeSpan.FromSeconds(seconds);
            slot += TimeSpan.FromTicks((now - slot).Ticks / step.Ticks * step.Ticks);
        }

        return SchedulePreview.After(schedule, slot).Where(s => s > now).Cast<DateTimeOffset?>().FirstOrDefault();
    }

    private static string Count(int count, int scanned = 0) =>
        Math.Max(count, scanned) >= MaxScan ? $"at least {count.ToString(CultureInfo.InvariantCulture)}" : count.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan span) => span.TotalSeconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#}s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#}min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#}h"),
    };
}
