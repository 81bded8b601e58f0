using Hydra.Shared.Jobs;

namespace Hydra.Shared.Scheduling;

/// <summary>One coming slot as a person checks it: the instant, the wall time in the job's zone, and DST flags.</summary>
/// <param name="At">The slot, UTC.</param>
/// <param name="Local">The same instant in the schedule's time zone (its offset included).</param>
/// <param name="UtcOffset">The zone's offset from UTC at that instant, e.g. +02:00.</param>
/// <param name="Dst">True when the zone observes daylight saving time at that instant.</param>
/// <param name="DstTransition">
/// Set when a DST change lies between this slot and the one before it (or now, for the first): spring_forward
/// when the offset grew, fall_back when it shrank; null otherwise.
/// </param>
internal sealed record Occurrence(DateTimeOffset At, DateTimeOffset Local, string UtcOffset, bool Dst, string? DstTransition);

/// <summary>The validate endpoint's preview of the next slots, with their offsets and DST transitions flagged.</summary>
internal static class OccurrencePreview
{
    public const string SpringForward = "spring_forward";
    public const string FallBack = "fall_back";

    public static IReadOnlyList<Occurrence> Next(ScheduleSpec schedule, DateTimeOffset now, int count)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!ScheduleZone.TryResolve(schedule.Timezone, out var zone))
        {
            return [];
        }

        var previous = zone.GetUtcOffset(now);
        var result = new List<Occurrence>(count);
        foreach (var at in SchedulePreview.NextOccurrences(schedule, now, count))
        {
            var local = TimeZoneInfo.ConvertTime(at, zone);
            var transition = local.Offset > previous ? SpringForward : local.Offset < previous ? FallBack : null;
            result.Add(new Occurrence(at, local, Format(local.Offset), zone.IsDaylightSavingTime(local), transition));
            previous = local.Offset;
        }

        return result;
    }

    private static string Format(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);
}
