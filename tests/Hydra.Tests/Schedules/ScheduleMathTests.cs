using System.Globalization;
using Hydra.Shared.Jobs;
using Hydra.Shared.Scheduling;

namespace Hydra.Tests.Schedules;

/// <summary>Slot math as tables: cron fields and macros, time zones across both DST transitions, leap days, month ends.</summary>
public sealed class ScheduleMathTests
{
    internal static DateTimeOffset At(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    internal static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Slots(string cron, string zone, string now, int count) =>
        string.Join(",", SchedulePreview.NextOccurrences(
            new ScheduleSpec { Mode = JobModes.Cron, Cron = cron, Timezone = zone }, At(now), count).Select(Iso));

    [Theory]
    // Europe/Berlin spring forward 2026-03-29: 02:00 CET -> 03:00 CEST. 02:30 does not exist: once, at 03:00 CEST (01:00Z).
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-03-27T12:00:00Z", 4, "2026-03-28T01:30:00Z,2026-03-29T01:00:00Z,2026-03-30T00:30:00Z,2026-03-31T00:30:00Z")]
    // ... and a second slot naming 03:00 itself collapses with the shifted 02:30 into one run.
    [InlineData("30 2,3 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", 3, "2026-03-29T01:00:00Z,2026-03-29T01:30:00Z,2026-03-30T00:30:00Z")]
    // Europe/Berlin fall back 2026-10-25: 03:00 CEST -> 02:00 CET. 02:30 occurs twice: once, at its first (00:30Z).
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 3, "2026-10-25T00:30:00Z,2026-10-26T01:30:00Z,2026-10-27T01:30:00Z")]
    // Steps in the repeated hour: 02:00 and 02:30 run in CEST only, not again in CET.
    [InlineData("*/30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 4, "2026-10-25T00:00:00Z,2026-10-25T00:30:00Z,2026-10-26T01:00:00Z,2026-10-26T01:30:00Z")]
    // Hourly across fall back: local 02:00 once, so one two-hour gap in UTC (00:00Z -> 02:00Z).
    [InlineData("0 * * * *", "Europe/Berlin", "2026-10-24T22:30:00Z", 4, "2026-10-24T23:00:00Z,2026-10-25T00:00:00Z,2026-10-25T02:00:00Z,2026-10-25T03:00:00Z")]
    // America/New_York spring forward 2026-03-08: 02:00 EST -> 03:00 EDT; 02:30 runs at 03:00 EDT (07:00Z).
    [InlineData("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", 3, "2026-03-08T07:00:00Z,2026-03-09T06:30:00Z,2026-03-10T06:30:00Z")]
    // America/New_York fall back 2026-11-01: 01:30 occurs twice; once, in EDT (05:30Z).
    [InlineData("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", 3, "2026-11-01T05:30:00Z,2026-11-02T06:30:00Z,2026-11-03T06:30:00Z")]
    [InlineData("*/20 1 * * *", "America/New_York", "2026-11-01T04:50:00Z", 4, "2026-11-01T05:00:00Z,2026-11-01T05:20:00Z,2026-11-01T05:40:00Z,2026-11-02T06:00:00Z")]
    // Leap day: 29 February only in leap years.
    [InlineData("0 12 29 2 *", "UTC", "2026-01-01T00:00:00Z", 2, "2028-02-29T12:00:00Z,2032-02-29T12:00:00Z")]
    // Last day of the month (L), across a leap February.
    [InlineData("0 0 L * *", "UTC", "2028-01-15T00:00:00Z", 3, "2028-01-31T00:00:00Z,2028-02-29T00:00:00Z,2028-03-31T00:00:00Z")]
    // 31st: months without one are skipped.
    [InlineData("0 0 31 * *", "UTC", "2026-03-31T00:00:01Z", 2, "2026-05-31T00:00:00Z,2026-07-31T00:00:00Z")]
    // Nearest weekday (W): 15 Aug 2026 is a Saturday -> Friday 14th.
    [InlineData("0 9 15W * *", "UTC", "2026-08-01T00:00:00Z", 1, "2026-08-14T09:00:00Z")]
    // Nth weekday (#): second Monday.
    [InlineData("0 9 * * MON#2", "UTC", "2026-01-01T00:00:00Z", 2, "2026-01-12T09:00:00Z,2026-02-09T09:00:00Z")]
    // Steps restart each hour: */7 minutes is 0,7,…,56 then 0.
    [InlineData("*/7 10 * * *", "UTC", "2026-01-01T10:50:00Z", 3, "2026-01-01T10:56:00Z,2026-01-02T10:00:00Z,2026-01-02T10:07:00Z")]
    // Ranges with steps, weekdays only.
    [InlineData("0 9-17/4 * * 1-5", "UTC", "2026-01-02T12:00:00Z", 3, "2026-01-02T13:00:00Z,2026-01-02T17:00:00Z,2026-01-05T09:00:00Z")]
    // Six fields: seconds first.
    [InlineData("*/15 * * * * *", "UTC", "2026-01-01T00:00:00Z", 3, "2026-01-01T00:00:15Z,2026-01-01T00:00:30Z,2026-01-01T00:00:45Z")]
    // Macros, in the job's zone.
    [InlineData("@daily", "Europe/Berlin", "2026-06-01T12:00:00Z", 2, "2026-06-01T22:00:00Z,2026-06-02T22:00:00Z")]
    [InlineData("@hourly", "UTC", "2026-06-01T12:00:00Z", 2, "2026-06-01T13:00:00Z,2026-06-01T14:00:00Z")]
    public void Cron_slots_in_the_jobs_time_zone(string cron, string zone, string now, int count, string expected) =>
        Assert.Equal(expected, Slots(cron, zone, now, count));

    [Fact]
    public void The_sweep_continues_a_cron_calendar_from_the_slot_it_fired_not_from_now()
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Cron, Cron = "30 2 * * *", Timezone = "Europe/Berlin" };

        var after = SchedulePreview.After(schedule, At("2026-03-28T01:30:00Z")).Take(2).Select(Iso);

        Assert.Equal(["2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"], after);
    }

    [Theory]
    [InlineData(60, "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z,2026-01-01T00:02:00Z")]
    [InlineData(86400, "2028-02-28T12:00:00Z", "2028-02-29T12:00:00Z,2028-03-01T12:00:00Z")]
    public void Interval_slots_continue_on_their_grid(int seconds, string slot, string expected)
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Interval, IntervalSeconds = seconds };

        Assert.Equal(expected, string.Join(",", SchedulePreview.After(schedule, At(slot)).Take(2).Select(Iso)));
    }

    [Theory]
    [InlineData("2026-05-01T10:00:00Z", null, "2026-04-01T00:00:00Z", "2026-05-01T10:00:00Z")]
    // A run_at that has passed is still the slot: the sweep's misfire policy decides what a late one does.
    [InlineData("2026-05-01T10:00:00Z", null, "2026-06-01T00:00:00Z", "2026-05-01T10:00:00Z")]
    // Nothing at or after end_at.
    [InlineData("2026-05-01T10:00:00Z", "2026-05-01T09:00:00Z", "2026-04-01T00:00:00Z", "")]
    public void At_mode_has_one_slot(string runAt, string? endAt, string now, string expected)
    {
        var schedule = new ScheduleSpec { Mode = JobModes.At, RunAt = At(runAt), EndAt = endAt is null ? null : At(endAt) };

        Assert.Equal(expected, string.Join(",", SchedulePreview.NextOccurrences(schedule, At(now), 3).Select(Iso)));
        Assert.Empty(SchedulePreview.After(schedule, At(runAt)));
    }

    [Fact]
    public void The_preview_flags_both_dst_transitions_with_their_offsets()
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Cron, Cron = "0 12 * * SUN", Timezone = "Europe/Berlin" };

        var spring = OccurrencePreview.Next(schedule, At("2026-03-21T00:00:00Z"), 2);
        var autumn = OccurrencePreview.Next(schedule, At("2026-10-17T00:00:00Z"), 3);

        Assert.Equal([("+01:00", null, false), ("+02:00", OccurrencePreview.SpringForward, true)],
            spring.Select(o => (o.UtcOffset, o.DstTransition, o.Dst)));
        Assert.Equal([("+02:00", null, true), ("+01:00", OccurrencePreview.FallBack, false), ("+01:00", null, false)],
            autumn.Select(o => (o.UtcOffset, o.DstTransition, o.Dst)));
        Assert.Equal(12, spring[1].Local.Hour);
    }

    [Theory]
    [InlineData("{\"mode\":\"at\"}", "schedule.run_at")]
    [InlineData("{\"mode\":\"interval\",\"interval_seconds\":5,\"misfire\":\"later\"}", "schedule.misfire")]
    [InlineData("{\"mode\":\"interval\",\"interval_seconds\":5,\"overlap\":\"queue\"}", "schedule.overlap")]
    [InlineData("{\"mode\":\"interval\",\"interval_seconds\":5,\"catch_up_seconds\":0}", "schedule.catch_up_seconds")]
    public void Bad_schedule_policies_name_their_field(string schedule, string field)
    {
        var read = JobDocumentReader.Read(System.Text.Encoding.UTF8.GetBytes(
            "{\"name\":\"x\",\"executor\":{\"type\":\"shell\",\"script\":\"true\"},\"schedule\":" + schedule + "}"));
        var job = JobDefaults.Apply(read.Value!);

        Assert.Contains(JobValidator.Validate(job), e => e.Field == field);
    }
}
