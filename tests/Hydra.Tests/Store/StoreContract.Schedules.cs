using Hydra.Functions.Store;
using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;
using static Hydra.Tests.Store.StoreSamples;

namespace Hydra.Tests.Store;

public abstract partial class StoreContract
{
    private protected IScheduleStore Schedules => Store.Schedules;

    private static ScheduleCommit Slot(JobRecord job, string overlap, DateTimeOffset? next, params RunRecord[] runs) => new(
        job.Id, job.Domain, overlap, runs,
        new JobAdvance(job.Version, job.NextRunAt!.Value, next, Enabled: next is not null, job.Version, Document: null, At(100)),
        At(100));

    private static RunRecord SlotRun(JobRecord job, DateTimeOffset slot, string status = RunStatus.Queued) =>
        Run(Id("r"), job.Id, job.Domain, status, idempotencyKey: $"schedule:{job.Id}:{slot.ToUnixTimeMilliseconds()}") with
        {
            ScheduledAt = slot, Trigger = "schedule", ScheduleMode = "interval",
        };

    [Fact]
    public async Task Due_jobs_are_the_enabled_ones_at_or_before_now_soonest_first_bounded()
    {
        await Jobs.InsertAsync(Job("j-late") with { NextRunAt = At(10) }, Ct);
        await Jobs.InsertAsync(Job("j-early") with { NextRunAt = At(5) }, Ct);
        await Jobs.InsertAsync(Job("j-now") with { NextRunAt = At(20) }, Ct);
        await Jobs.InsertAsync(Job("j-future") with { NextRunAt = At(21) }, Ct);
        await Jobs.InsertAsync(Job("j-paused") with { NextRunAt = At(1), Enabled = false }, Ct);
        await Jobs.InsertAsync(Job("j-none") with { NextRunAt = null }, Ct);

        var due = await Schedules.DueJobsAsync(At(20), 10, Ct);
        var two = await Schedules.DueJobsAsync(At(20), 2, Ct);

        Assert.Equal(["j-early", "j-late", "j-now"], due.Select(j => j.Id));
        Assert.Equal(["j-early", "j-late"], two.Select(j => j.Id));
        Assert.Equal(At(5), await Schedules.SoonestAsync(Ct));
        Assert.Equal(["j-early", "j-late", "j-now", "j-future"], (await Schedules.UpcomingAsync("d1", At(30), 10, Ct)).Select(j => j.Id));
        Assert.Empty(await Schedules.UpcomingAsync("d2", At(30), 10, Ct));
    }

    [Fact]
    public async Task A_slot_commit_inserts_its_run_and_advances_next_run_at_together()
    {
        var job = Job("j1") with { NextRunAt = At(60) };
        await Jobs.InsertAsync(job, Ct);
        var run = SlotRun(job, At(60)) with { ScheduleNote = "coalesced 3 slots" };

        var result = await Schedules.CommitAsync(Slot(job, SchedulePolicies.Allow, At(120), run), Ct);

        Assert.True(result.Committed);
        Assert.Equal([run.Id], result.Inserted.Select(r => r.Id));
        Assert.Equal(At(120), (await Jobs.GetAsync(null, "j1", Ct))!.NextRunAt);
        var stored = await GetRunAsync(run.Id);
        Assert.Equal((At(60), "coalesced 3 slots"), (stored.ScheduledAt, stored.ScheduleNote));
    }

    [Fact]
    public async Task Two_commits_for_the_same_slot_write_one_run_and_the_loser_writes_nothing()
    {
        var job = Job("j1") with { NextRunAt = At(60) };
        await Jobs.InsertAsync(job, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Schedules.CommitAsync(Slot(job, SchedulePolicies.Allow, At(120), SlotRun(job, At(60))), Ct)));

        Assert.Single(results, r => r.Committed);
        var runs = await Runs.ListAsync(new RunQuery(null, "j1", null, 50, null), Ct);
        Assert.Single(runs.Items);
    }

    [Fact]
    public async Task A_commit_against_a_job_edited_meanwhile_loses()
    {
        var job = Job("j1") with { NextRunAt = At(60) };
        await Jobs.InsertAsync(job, Ct);
        Assert.True(await Jobs.UpdateAsync(job with { Version = 2, Name = "renamed" }, 1, Ct));

        var result = await Schedules.CommitAsync(Slot(job, SchedulePolicies.Allow, At(120), SlotRun(job, At(60))), Ct);

        Assert.False(result.Committed);
        Assert.Empty((await Runs.ListAsync(new RunQuery(null, "j1", null, 50, null), Ct)).Items);
        Assert.Equal(At(60), (await Jobs.GetAsync(null, "j1", Ct))!.NextRunAt);
    }

    [Fact]
    public async Task A_finishing_commit_disables_the_job_and_writes_its_document()
    {
        var job = Job("j1") with { NextRunAt = At(60) };
        await Jobs.InsertAsync(job, Ct);
        var commit = Slot(job, SchedulePolicies.Allow, null, SlotRun(job, At(60)));
        commit = commit with { Advance = commit.Advance! with { Version = 2, Document = """{"name": "j1", "schedule": {"enabled": false}}""" } };

        Assert.True((await Schedules.CommitAsync(commit, Ct)).Committed);

        var stored = (await Jobs.GetAsync(null, "j1", Ct))!;
        Assert.Equal((false, (DateTimeOffset?)null, 2), (stored.Enabled, stored.NextRunAt, stored.Version));
        AssertSameJson("""{"name": "j1", "schedule": {"enabled": false}}""", stored.Document);
        Assert.Empty(await Schedules.DueJobsAsync(At(1000), 10, Ct));
    }

    [Theory]
    [InlineData(RunStatus.Queued)]
    [InlineData(RunStatus.Running)]
    public async Task Forbid_records_the_slot_as_skipped_while_a_run_of_the_job_is_active(string activeStatus)
    {
        var job = Job("j1") with { NextRunAt = At(60) };
        await Jobs.InsertAsync(job, Ct);
        var active = await InsertRunAsync(Run(Id("a"), "j1", status: activeStatus));

        var result = await Schedules.CommitAsync(Slot(job, SchedulePolicies.Forbid, At(120), SlotRun(job, At(60))), Ct);

        var skipped = Assert.Single(result.Inserted);
        var stored = await GetRunAsync(skipped.Id);
        Assert.Equal(RunStatus.Skipped, stored.Status);
        Assert.Equal($"skipped: run {active.Id} of this job is still {activeStatus} (overlap: forbid)", stored.CompletionReason);
        Assert.NotNull(stored.EndedAt);
        Assert.Equal(At(120), (await Jobs.GetAsync(null, "j1", Ct))!.NextRunAt);
    }

    [Fact]
    public async Task Forbid_lets_one_of_two_racing_manual_runs_in()
    {
        var job = Job("j1");
        await Jobs.InsertAsync(job, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Schedules.CommitAsync(
            new ScheduleCommit("j1", "d1", SchedulePolicies.Forbid, [Run(Id("m"), "j1")], null, At(1)), Ct)));

        Assert.Single(results.SelectMany(r => r.Inserted), r => r.Status == RunStatus.Queued);
        Assert.Equal(3, results.SelectMany(r => r.Inserted).Count(r => r.Status == RunStatus.Skipped));
    }

    [Fact]
    public async Task Replace_inserts_the_new_run_and_names_the_active_ones_to_cancel()
    {
        var job = Job("j1") with { NextRunAt = At(60) };
        await Jobs.InsertAsync(job, Ct);
        var running = await InsertRunAsync(Run(Id("a"), "j1", status: RunStatus.Running));
        await InsertRunAsync(Run(Id("done"), "j1", status: RunStatus.Success));

        var result = await Schedules.CommitAsync(Slot(job, SchedulePolicies.Replace, At(120), SlotRun(job, At(60))), Ct);

        Assert.Equal(RunStatus.Queued, Assert.Single(result.Inserted).Status);
        Assert.Equal([running.Id], result.Replaced.Select(r => r.Id));
    }

    [Fact]
    public async Task Missed_and_skipped_runs_are_terminal_so_no_sweep_picks_them_up()
    {
        var job = Job("j1") with { NextRunAt = At(60) };
        await Jobs.InsertAsync(job, Ct);
        var missed = SlotRun(job, At(60), RunStatus.Missed) with { EndedAt = At(100), CompletionReason = "missed 3 slots" };

        await Schedules.CommitAsync(Slot(job, SchedulePolicies.Forbid, At(120), missed), Ct);

        Assert.Equal(RunStatus.Missed, (await GetRunAsync(missed.Id)).Status);
        Assert.Empty(await Runs.ListActiveAsync(At(10_000), null, 10, Ct));
        Assert.Equal(1, await Runs.DeleteEndedBeforeAsync(At(10_000), 10, Ct));
    }
}
