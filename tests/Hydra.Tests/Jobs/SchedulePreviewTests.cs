using System.Globalization;
using Hydra.Shared.Jobs;
using Hydra.Shared.Scheduling;

namespace Hydra.Tests.Jobs;

public sealed class SchedulePreviewTests
{
    private static DateTimeOffset At(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DateTimeOffset? AtOrNull(string? iso) => iso is null ? null : At(iso);

    private static string[] Preview(ScheduleSpec schedule, string now, int count = 3) =>
        [.. SchedulePreview.NextOccurrences(schedule, At(now), count).Select(o => o.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))];

    [Theory]
    // no start_at: now, then every interval
    [InlineData(300, null, null, "2026-01-02T10:00:00Z", "2026-01-02T10:00:00Z,2026-01-02T10:05:00Z,2026-01-02T10:10:00Z")]
    // start_at ahead: from start_at
    [InlineData(300, "2026-01-02T12:00:00Z", null, "2026-01-02T10:00:00Z", "2026-01-02T12:00:00Z,2026-01-02T12:05:00Z,2026-01-02T12:10:00Z")]
    // start_at behind: the next point of start_at's grid, not now
    [InlineData(300, "2026-01-02T09:58:00Z", null, "2026-01-02T10:00:30Z", "2026-01-02T10:03:00Z,2026-01-02T10:08:00Z,2026-01-02T10:13:00Z")]
    // now on the grid: that slot itself
    [InlineData(60, "2026-01-02T09:00:00Z", null, "2026-01-02T10:00:00Z", "2026-01-02T10:00:00Z,2026-01-02T10:01:00Z,2026-01-02T10:02:00Z")]
    // start_at with an offset is the same instant in UTC
    [InlineData(3600, "2026-01-02T13:30:00+02:00", null, "2026-01-02T10:00:00Z", "2026-01-02T11:30:00Z,2026-01-02T12:30:00Z,2026-01-02T13:30:00Z")]
    // nothing at or after end_at
    [InlineData(300, null, "2026-01-02T10:10:00Z", "2026-01-02T10:00:00Z", "2026-01-02T10:00:00Z,2026-01-02T10:05:00Z")]
    [InlineData(300, null, "2026-01-02T10:00:00Z", "2026-01-02T10:00:00Z", "")]
    public void Interval_slots_start_at_max_of_start_and_now_on_the_start_grid(int seconds, string? startAt, string? endAt, string now, string expected)
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Interval, IntervalSeconds = seconds, StartAt = AtOrNull(startAt), EndAt = AtOrNull(endAt) };

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Preview(schedule, now));
    }

    [Theory]
    [InlineData("*/15 * * * *", "UTC", null, "2026-01-02T10:07:00Z", "2026-01-02T10:15:00Z,2026-01-02T10:30:00Z,2026-01-02T10:45:00Z")]
    // strictly after now: a tick exactly at now is not next
    [InlineData("*/15 * * * *", "UTC", null, "2026-01-02T10:15:00Z", "2026-01-02T10:30:00Z,2026-01-02T10:45:00Z,2026-01-02T11:00:00Z")]
    // strictly after start_at when it is later than now
    [InlineData("0 * * * *", "UTC", "2026-01-03T00:00:00Z", "2026-01-02T10:07:00Z", "2026-01-03T01:00:00Z,2026-01-03T02:00:00Z,2026-01-03T03:00:00Z")]
    // six fields: seconds first
    [InlineData("30 * * * * *", "UTC", null, "2026-01-02T10:00:00Z", "2026-01-02T10:00:30Z,2026-01-02T10:01:30Z,2026-01-02T10:02:30Z")]
    [InlineData("@daily", null, null, "2026-01-02T10:00:00Z", "2026-01-03T00:00:00Z,2026-01-04T00:00:00Z,2026-01-05T00:00:00Z")]
    [InlineData("0 12 L * *", "UTC", null, "2026-01-02T00:00:00Z", "2026-01-31T12:00:00Z,2026-02-28T12:00:00Z,2026-03-31T12:00:00Z")]
    // 09:00 in New York is 14:00Z in winter and 13:00Z once DST starts (2026-03-08)
    [InlineData("0 9 * * *", "America/New_York", null, "2026-03-07T12:00:00Z", "2026-03-07T14:00:00Z,2026-03-08T13:00:00Z,2026-03-09T13:00:00Z")]
    [InlineData("0 9 * * 1-5", "Europe/Berlin", null, "2026-01-02T07:59:00Z", "2026-01-02T08:00:00Z,2026-01-05T08:00:00Z,2026-01-06T08:00:00Z")]
    [InlineData("30 9 * * *", "Asia/Kolkata", null, "2026-01-02T00:00:00Z", "2026-01-02T04:00:00Z,2026-01-03T04:00:00Z,2026-01-04T04:00:00Z")]
    public void Cron_slots_are_strictly_after_max_of_start_and_now_in_the_schedule_zone(string cron, string? zone, string? startAt, string now, string expected)
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Cron, Cron = cron, Timezone = zone, StartAt = AtOrNull(startAt) };

        Assert.Equal(expected.Split(','), Preview(schedule, now));
    }

    [Fact]
    public void Cron_slots_stop_before_end_at()
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Cron, Cron = "0 * * * *", EndAt = At("2026-01-02T12:00:00Z") };

        Assert.Equal(["2026-01-02T11:00:00Z"], Preview(schedule, "2026-01-02T10:30:00Z", 5));
    }

    [Theory]
    [InlineData(JobModes.Immediate, null, null)]
    [InlineData(null, null, null)]
    [InlineData(JobModes.Cron, "not a cron", null)]
    [InlineData(JobModes.Cron, "0 9 * * *", "Nowhere/Else")]
    [InlineData(JobModes.Interval, null, null)]
    [InlineData("weekly", "0 9 * * *", null)]
    public void Schedules_that_never_fire_or_do_not_validate_have_no_slots(string? mode, string? cron, string? zone)
    {
        var schedule = new ScheduleSpec { Mode = mode, Cron = cron, Timezone = zone };

        Assert.Empty(SchedulePreview.NextOccurrences(schedule, At("2026-01-02T10:00:00Z"), 5));
        Assert.Null(SchedulePreview.Next(schedule, At("2026-01-02T10:00:00Z")));
    }

    [Fact]
    public void A_paused_schedule_has_no_next_run_but_still_previews()
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Interval, IntervalSeconds = 60, Enabled = false };

        Assert.Null(SchedulePreview.Next(schedule, At("2026-01-02T10:00:00Z")));
        Assert.Equal(2, SchedulePreview.NextOccurrences(schedule, At("2026-01-02T10:00:00Z"), 2).Count);
    }

    [Fact]
    public void Next_is_the_first_previewed_slot_and_is_utc()
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Cron, Cron = "0 9 * * *", Timezone = "Europe/Berlin", Enabled = true };

        var next = SchedulePreview.Next(schedule, At("2026-07-01T00:00:00Z"));

        Assert.Equal(At("2026-07-01T07:00:00Z"), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public void An_interval_near_the_end_of_time_stops_instead_of_overflowing()
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Interval, IntervalSeconds = int.MaxValue, StartAt = At("2000-01-01T00:00:00Z") };

        var slots = SchedulePreview.NextOccurrences(schedule, DateTimeOffset.MaxValue.AddDays(-1), 3);

        Assert.Empty(slots);
    }

    [Theory]
    [InlineData("0 9 * * *", true)]
    [InlineData("*/10 * * * * *", true)]
    [InlineData("0 0 1W * ?", true)]
    [InlineData("0 0 * * MON#2", true)]
    [InlineData("@hourly", true)]
    [InlineData("", false)]
    [InlineData("0 9 * *", false)]
    [InlineData("0 9 * * * * *", false)]
    [InlineData("0 25 * * *", false)]
    public void Cron_schedule_parses_five_or_six_fields_and_cronos_extensions(string text, bool valid)
    {
        var parsed = CronSchedule.TryParse(text, out var expression, out var error);

        Assert.Equal(valid, parsed);
        Assert.Equal(valid, expression is not null);
        Assert.Equal(valid, error is null);
    }
}
