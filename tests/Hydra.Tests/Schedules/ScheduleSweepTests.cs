using System.Collections.Concurrent;
using System.Net;
using Hydra.Functions.Schedules;
using Hydra.Shared.Runs;
using Hydra.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using static Hydra.Tests.Schedules.ScheduleMathTests;

namespace Hydra.Tests.Schedules;

/// <summary>ScheduleSweep on the lean host, driven by a fake clock against real Redis and SQLite.</summary>
public sealed class ScheduleSweepTests
{
    private static readonly DateTimeOffset T0 = At("2026-01-05T09:00:00Z");

    [Fact]
    public async Task An_interval_job_fires_on_its_grid_for_ten_slots_whenever_the_sweep_runs()
    {
        await using var h = await ScheduleHarness.StartAsync(T0);
        var id = await h.CreateJobAsync("every-minute", """{"mode":"interval","interval_seconds":60}""");

        for (var i = 0; i < 10; i++)
        {
            // Sweeps land a little after each slot, at varying offsets: the grid must not drift with them.
            await h.AdvanceToAndSweepAsync(T0.AddMinutes(i).AddMilliseconds(37 * i));
            await h.SweepAsync();
        }

        var runs = await h.RunsAsync(id);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => T0.AddMinutes(i)), runs.Select(r => r.ScheduledAt!.Value));
        Assert.All(runs, r => Assert.Equal((RunStatus.Queued, "schedule", "interval", (string?)null), (r.Status, r.Trigger, r.ScheduleMode, r.ScheduleNote)));
        Assert.Equal(10, runs.Select(r => r.IdempotencyKey).Distinct().Count());
        Assert.Equal(T0.AddMinutes(10), await h.NextRunAtAsync(id));

        using var reply = await h.App.Client.GetAsync($"/api/jobs/{id}/runs");
        var first = (await reply.ReadJsonAsync()).AsArray().Last()!;
        Assert.Equal("2026-01-05T09:00:00.000Z", first["schedule_tick"]!.GetValue<string>());
        Assert.Equal("interval", first["schedule_mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Berlin_cron_job_runs_once_per_local_occurrence_across_both_dst_transitions()
    {
        await using var h = await ScheduleHarness.StartAsync(At("2026-03-27T12:00:00Z"));
        var daily = await h.CreateJobAsync("daily-0230", """{"mode":"cron","cron":"30 2 * * *","timezone":"Europe/Berlin"}""");
        var halfHourly = await h.CreateJobAsync("two-oclock-hour", """{"mode":"cron","cron":"*/30 2 * * *","timezone":"Europe/Berlin"}""");

        // Follow next_run_at slot by slot through March, jump to October, and follow it again.
        await FollowAsync(h, At("2026-03-31T12:00:00Z"));
        h.Clock.SetUtcNow(At("2026-10-23T12:00:00Z"));
        await h.App.Client.PostAsync($"/api/jobs/{daily}/pause", null);
        await h.App.Client.PostAsync($"/api/jobs/{daily}/resume", null);
        await h.App.Client.PostAsync($"/api/jobs/{halfHourly}/pause", null);
        await h.App.Client.PostAsync($"/api/jobs/{halfHourly}/resume", null);
        await FollowAsync(h, At("2026-10-27T12:00:00Z"));

        Assert.Equal(
            ["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z",
             "2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z", "2026-10-27T01:30:00Z"],
            (await h.RunsAsync(daily)).Select(r => ScheduleHarness.Iso(r.ScheduledAt!.Value)));
        var october25 = (await h.RunsAsync(halfHourly)).Select(r => ScheduleHarness.Iso(r.ScheduledAt!.Value)).Where(s => s.StartsWith("2026-10-25", StringComparison.Ordinal));
        Assert.Equal(["2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z"], october25);
        Assert.All(await h.RunsAsync(daily), r => Assert.Null(r.ScheduleNote));
    }

    private static async Task FollowAsync(ScheduleHarness h, DateTimeOffset until)
    {
        while (true)
        {
            var next = (await h.App.Get<Hydra.Functions.Store.IScheduleStore>().SoonestAsync(CancellationToken.None))!.Value;
            if (next > until)
            {
                return;
            }

            await h.AdvanceToAndSweepAsync(next > h.Now ? next : h.Now);
        }
    }

    [Fact]
    public async Task End_at_stops_the_slots_and_disables_the_schedule()
    {
        await using var h = await ScheduleHarness.StartAsync(T0);
        var id = await h.CreateJobAsync("window", """{"mode":"interval","interval_seconds":60,"end_at":"2026-01-05T09:02:30Z"}""");

        for (var i = 0; i < 5; i++)
        {
            await h.AdvanceToAndSweepAsync(T0.AddMinutes(i));
        }

        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2)], (await h.RunsAsync(id)).Select(r => r.ScheduledAt!.Value));
        var job = await h.GetJobAsync(id);
        Assert.False(job["schedule"]!["enabled"]!.GetValue<bool>());
        Assert.Null(job["schedule"]!["next_run_at"]);
    }

    [Fact]
    public async Task An_at_job_runs_once_then_disables_itself()
    {
        await using var h = await ScheduleHarness.StartAsync(T0);
        var id = await h.CreateJobAsync("once", """{"mode":"at","run_at":"2026-01-05T10:00:00+01:00"}""");

        await h.AdvanceToAndSweepAsync(T0.AddSeconds(0.2));
        await h.AdvanceToAndSweepAsync(T0.AddHours(5));

        Assert.Equal([T0], (await h.RunsAsync(id)).Select(r => r.ScheduledAt!.Value));
        Assert.False((await h.GetJobAsync(id))["schedule"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task After_a_three_hour_outage_each_misfire_policy_does_what_it_says()
    {
        await using var h = await ScheduleHarness.StartAsync(T0);
        const string every10 = """{"mode":"interval","interval_seconds":600,"misfire":"%"}""";
        var coalesce = await h.CreateJobAsync("coalesce", every10.Replace("%", "coalesce", StringComparison.Ordinal));
        var all = await h.CreateJobAsync("all", every10.Replace("%", "all", StringComparison.Ordinal));
        var skip = await h.CreateJobAsync("skip", every10.Replace("%", "skip", StringComparison.Ordinal));
        await h.SweepAsync();

        await h.AdvanceToAndSweepAsync(T0.AddHours(3).AddSeconds(5));
        await h.SweepAsync();

        var coalesced = (await h.RunsAsync(coalesce)).Skip(1).ToList();
        Assert.Equal(T0.AddHours(3), Assert.Single(coalesced).ScheduledAt);
        Assert.StartsWith("coalesced 18 slots", coalesced[0].ScheduleNote, StringComparison.Ordinal);

        var skipped = (await h.RunsAsync(skip)).Skip(1).ToList();
        Assert.Equal([(RunStatus.Missed, T0.AddMinutes(10)), (RunStatus.Queued, T0.AddHours(3))], skipped.Select(r => (r.Status, r.ScheduledAt!.Value)));
        Assert.StartsWith("missed 17 slots", skipped[0].CompletionReason, StringComparison.Ordinal);

        // all: slots more than an hour old (up to 11:00, 1h 5s ago) are one missed record; the 6 inside the window
        // ran oldest first, 5 in the first sweep and 1 in the next.
        var caughtUp = (await h.RunsAsync(all)).Skip(1).ToList();
        Assert.Equal(RunStatus.Missed, caughtUp[0].Status);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => T0.AddHours(2).AddMinutes(10 * i)), caughtUp.Skip(1).Select(r => r.ScheduledAt!.Value));
        Assert.All(caughtUp.Skip(1), r => Assert.Equal(RunStatus.Queued, r.Status));

        using var reply = await h.App.Client.GetAsync($"/api/jobs/{skip}/runs");
        Assert.Contains((await reply.ReadJsonAsync()).AsArray(), r => r!["status"]!.GetValue<string>() == "missed" && r["schedule_note"] is not null);
    }

    [Fact]
    public async Task Forbid_skips_the_slots_while_the_jobs_run_is_still_active_and_records_them()
    {
        await using var h = await ScheduleHarness.StartAsync(T0);
        // No worker serves this domain, so the first run stays queued: the job's run is "still going" for the whole test.
        var id = await h.CreateJobAsync("long", """{"mode":"interval","interval_seconds":10,"overlap":"forbid"}""", "sleep 600");

        for (var i = 0; i < 4; i++)
        {
            await h.AdvanceToAndSweepAsync(T0.AddSeconds(10 * i));
        }

        var runs = await h.RunsAsync(id);
        Assert.Equal(RunStatus.Queued, runs[0].Status);
        Assert.Equal(3, runs.Skip(1).Count(r => r.Status == RunStatus.Skipped
            && r.CompletionReason == $"skipped: run {runs[0].Id} of this job is still queued (overlap: forbid)"));

        using var manual = await h.App.Client.PostAsync($"/api/jobs/{id}/run", null);
        Assert.Equal(HttpStatusCode.Conflict, manual.StatusCode);
        using var forced = await h.App.Client.PostAsync($"/api/jobs/{id}/run?force=true", null);
        Assert.Equal(HttpStatusCode.Accepted, forced.StatusCode);
    }

    [Fact]
    public async Task Replace_starts_the_new_slot_and_asks_for_the_old_run_to_be_cancelled()
    {
        var cancelled = new ConcurrentQueue<(string RunId, string Reason)>();
        await using var h = await ScheduleHarness.StartAsync(T0, services: s => s.AddSingleton<IRunCancellation>(new RecordingCancellation(cancelled)));
        var id = await h.CreateJobAsync("replaced", """{"mode":"interval","interval_seconds":10,"overlap":"replace"}""", "sleep 600");

        await h.AdvanceToAndSweepAsync(T0);
        await h.AdvanceToAndSweepAsync(T0.AddSeconds(10));

        var runs = await h.RunsAsync(id);
        Assert.Equal(2, runs.Count(r => r.Status == RunStatus.Queued));
        var (runId, reason) = Assert.Single(cancelled);
        Assert.Equal(runs[0].Id, runId);
        Assert.Equal($"replaced by run {runs[1].Id} (overlap: replace)", reason);
    }

    private sealed class RecordingCancellation(ConcurrentQueue<(string, string)> calls) : IRunCancellation
    {
        public Task CancelAsync(string domain, string runId, string reason, CancellationToken ct)
        {
            calls.Enqueue((runId, reason));
            return Task.CompletedTask;
        }
    }
}
