using Hydra.Shared.Jobs;
using Hydra.Shared.Scheduling;
using static Hydra.Tests.Schedules.ScheduleMathTests;

namespace Hydra.Tests.Schedules;

/// <summary>Misfire decisions as a pure function of (schedule, the slot the job was due at, now).</summary>
public sealed class SlotPlannerTests
{
    private static readonly DateTimeOffset T0 = At("2026-01-05T09:00:00Z");

    private static ScheduleSpec Every10Minutes(string misfire, int? catchUp = null) => new()
    {
        Mode = JobModes.Interval, IntervalSeconds = 600, Misfire = misfire, CatchUpSeconds = catchUp,
    };

    [Fact]
    public void An_on_time_slot_fires_once_and_the_next_stays_on_the_grid()
    {
        var plan = SlotPlanner.Plan(Every10Minutes(SchedulePolicies.Coalesce), T0, T0.AddSeconds(0.4));

        Assert.Equal([(T0, false, (string?)null)], plan.Runs.Select(r => (r.Slot, r.Missed, r.Note)));
        Assert.Equal(T0.AddMinutes(10), plan.NextRunAt);
    }

    [Fact]
    public void Slots_a_hiccup_late_within_the_grace_all_fire_whatever_the_policy()
    {
        var plan = SlotPlanner.Plan(new ScheduleSpec { Mode = JobModes.Interval, IntervalSeconds = 1, Misfire = SchedulePolicies.Skip }, T0, T0.AddSeconds(3.5));

        Assert.Equal(4, plan.Runs.Count(r => !r.Missed && r.Note is null));
        Assert.Equal(T0.AddSeconds(4), plan.NextRunAt);
    }

    [Fact]
    public void Coalesce_after_three_hours_is_one_run_for_the_latest_slot_marked_with_the_count()
    {
        var now = T0.AddHours(3).AddSeconds(20);

        var plan = SlotPlanner.Plan(Every10Minutes(SchedulePolicies.Coalesce), T0.AddMinutes(10), now);

        var run = Assert.Single(plan.Runs);
        Assert.Equal(T0.AddHours(3), run.Slot);
        Assert.False(run.Missed);
        Assert.Equal("coalesced 18 slots from 2026-01-05T09:10:00.000Z to 2026-01-05T12:00:00.000Z (misfire: coalesce)", run.Note);
        Assert.Equal(T0.AddHours(3).AddMinutes(10), plan.NextRunAt);
    }

    [Fact]
    public void Skip_records_the_gap_as_one_missed_run_and_fires_only_the_on_time_slot()
    {
        var now = T0.AddHours(3).AddSeconds(20);

        var plan = SlotPlanner.Plan(Every10Minutes(SchedulePolicies.Skip), T0.AddMinutes(10), now);

        Assert.Equal(2, plan.Runs.Count);
        Assert.True(plan.Runs[0].Missed);
        Assert.Equal(T0.AddMinutes(10), plan.Runs[0].Slot);
        Assert.Equal("missed 17 slots from 2026-01-05T09:10:00.000Z to 2026-01-05T11:50:00.000Z (misfire: skip)", plan.Runs[0].Note);
        Assert.Equal((T0.AddHours(3), false), (plan.Runs[1].Slot, plan.Runs[1].Missed));
    }

    [Fact]
    public void All_runs_the_slots_inside_the_catch_up_window_oldest_first_a_few_per_sweep()
    {
        var now = T0.AddHours(3);
        var schedule = Every10Minutes(SchedulePolicies.All);

        var first = SlotPlanner.Plan(schedule, T0.AddMinutes(10), now);
        var second = SlotPlanner.Plan(schedule, first.NextRunAt!.Value, now);

        // 09:10 … 10:50 are more than an hour old: one missed record; 11:00 … 12:00 (7 slots) run, 5 then 2.
        Assert.True(first.Runs[0].Missed);
        Assert.StartsWith("missed 11 slots from 2026-01-05T09:10:00.000Z to 2026-01-05T10:50:00.000Z", first.Runs[0].Note, StringComparison.Ordinal);
        Assert.Equal([T0.AddHours(2), T0.AddHours(2).AddMinutes(10), T0.AddHours(2).AddMinutes(20), T0.AddHours(2).AddMinutes(30), T0.AddHours(2).AddMinutes(40)],
            first.Runs.Skip(1).Select(r => r.Slot));
        Assert.Equal(T0.AddHours(2).AddMinutes(50), first.NextRunAt);
        Assert.Equal([T0.AddHours(2).AddMinutes(50), T0.AddHours(3)], second.Runs.Select(r => r.Slot));
        Assert.Equal(T0.AddHours(3).AddMinutes(10), second.NextRunAt);
    }

    [Fact]
    public void The_catch_up_window_is_the_jobs_own()
    {
        var plan = SlotPlanner.Plan(Every10Minutes(SchedulePolicies.All, catchUp: 1200), T0.AddMinutes(10), T0.AddHours(3));

        Assert.Equal(3, plan.Runs.Count(r => !r.Missed));
    }

    [Fact]
    public void A_slot_at_or_after_end_at_is_never_planned_and_the_schedule_finishes()
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Interval, IntervalSeconds = 60, EndAt = T0.AddSeconds(150) };

        var last = SlotPlanner.Plan(schedule, T0.AddSeconds(120), T0.AddSeconds(120));
        var beyond = SlotPlanner.Plan(schedule, T0.AddSeconds(180), T0.AddHours(1));

        Assert.Single(last.Runs);
        Assert.Null(last.NextRunAt);
        Assert.Empty(beyond.Runs);
        Assert.Null(beyond.NextRunAt);
    }

    [Theory]
    [InlineData(SchedulePolicies.Coalesce, false)]
    [InlineData(SchedulePolicies.All, false)]
    [InlineData(SchedulePolicies.Skip, true)]
    public void A_late_at_job_follows_its_misfire_policy_then_finishes(string misfire, bool missed)
    {
        var schedule = new ScheduleSpec { Mode = JobModes.At, RunAt = T0, Misfire = misfire };

        var plan = SlotPlanner.Plan(schedule, T0, T0.AddMinutes(30));

        Assert.Equal(missed, Assert.Single(plan.Runs).Missed);
        Assert.Null(plan.NextRunAt);
    }

    [Fact]
    public void A_per_second_job_down_for_a_day_is_planned_without_walking_every_slot_twice()
    {
        var schedule = new ScheduleSpec { Mode = JobModes.Interval, IntervalSeconds = 1 };

        var plan = SlotPlanner.Plan(schedule, T0, T0.AddDays(2));

        var run = Assert.Single(plan.Runs);
        Assert.StartsWith("coalesced at least 100000 slots", run.Note, StringComparison.Ordinal);
        Assert.Equal(T0.AddDays(2).AddSeconds(1), plan.NextRunAt);
    }
}
