using Cronos;

namespace Hydra.Shared.Scheduling;

/// <summary>
/// A cron expression's occurrences in a time zone, with one rule for daylight saving time:
/// <list type="bullet">
/// <item><b>Spring forward</b> (a local time that does not exist, e.g. 02:30 on 2026-03-29 in Europe/Berlin, where
/// clocks jump from 02:00 to 03:00): the slot runs once, at the first instant after the gap (03:00 CEST = 01:00Z).
/// Cronos does this shift itself; if the expression also names the instant after the gap (<c>0,30 2,3 * * *</c>)
/// the two collapse into one run.</item>
/// <item><b>Fall back</b> (a local time that occurs twice, e.g. 02:30 on 2026-10-25 in Europe/Berlin, once in CEST
/// and again in CET): the slot runs once, at its first occurrence (02:30 CEST = 00:30Z). Cronos already does this
/// for fixed times but repeats step and wildcard fields (<c>*/30</c>, <c>*</c> in the hour) in the repeated hour;
/// we drop every occurrence whose local time falls in the second pass, so each local time runs at most once a day.
/// An hourly job therefore has one two-hour gap on the night clocks go back, as a wall clock would show.</item>
/// </list>
/// Results are UTC instants, strictly after <c>from</c>.
/// </summary>
internal static class ZonedCron
{
    public static IEnumerable<DateTimeOffset> After(CronExpression expression, TimeZoneInfo zone, DateTimeOffset from)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(zone);
        while (expression.GetNextOccurrence(from, zone) is { } next)
        {
            from = next;
            if (!IsSecondPass(next, zone))
            {
                yield return next.ToUniversalTime();
            }
        }
    }

    /// <summary>True when the instant's local time already happened once today (the repeated hour of fall back).</summary>
    public static bool IsSecondPass(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        if (!zone.IsAmbiguousTime(local))
        {
            return false;
        }

        // The first pass is at the larger offset (summer time): the same wall time, an earlier instant.
        var offsets = zone.GetAmbiguousTimeOffsets(local);
        return local.Offset < offsets.Max();
    }
}
