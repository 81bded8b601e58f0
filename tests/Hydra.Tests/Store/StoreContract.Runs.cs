using System.Data.Common;
using Hydra.Functions.Store;
using Hydra.Shared.Runs;
using static Hydra.Tests.Store.StoreSamples;

namespace Hydra.Tests.Store;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Run_insert_then_get_returns_every_field()
    {
        var run = Run("run-1", status: RunStatus.Success, idempotencyKey: "key-1") with
        {
            User = "alice",
            Priority = 9,
            ScheduledAt = At(-1.5),
            ScheduleMode = "cron",
            Trigger = "schedule",
            ExecutorType = "python",
            Attempt = 3,
            RetriesRemaining = 0,
            WorkerId = "worker-7",
            Slot = 2,
            StartedAt = At(1.001),
            EndedAt = At(2.999),
            ReturnCode = 42,
            Stdout = "out ✓\nline",
            Stderr = "err",
            CompletionReason = "exit code 42 not in [0]",
            QueueLatencyMs = 1001,
            UpdatedAt = At(3),
        };
        await InsertRunAsync(run);

        var stored = await Runs.GetAsync("d1", "run-1", Ct);

        Assert.NotNull(stored);
        Assert.Equal(run with { Dispatch = stored.Dispatch }, stored);
        AssertSameJson(run.Dispatch, stored.Dispatch);
    }

    [Fact]
    public async Task Run_get_sees_its_own_domain_and_a_null_domain_sees_every_domain()
    {
        await InsertRunAsync(Run("run-1", domain: "d1"));

        Assert.NotNull(await Runs.GetAsync("d1", "run-1", Ct));
        Assert.NotNull(await Runs.GetAsync(null, "run-1", Ct));
        Assert.Null(await Runs.GetAsync("d2", "run-1", Ct));
    }

    [Fact]
    public async Task Run_insert_with_a_taken_idempotency_key_returns_false_and_writes_nothing()
    {
        await InsertRunAsync(Run("run-1", idempotencyKey: "slot-1"));

        Assert.False(await Runs.InsertAsync(Run("run-2", idempotencyKey: "slot-1"), Ct));
        Assert.True(await Runs.InsertAsync(Run("run-3", domain: "d2", idempotencyKey: "slot-1"), Ct));
        Assert.True(await Runs.InsertAsync(Run("run-4"), Ct));
        Assert.True(await Runs.InsertAsync(Run("run-5"), Ct));

        Assert.Null(await Runs.GetAsync(null, "run-2", Ct));
        Assert.Equal("run-1", (await Runs.GetByIdempotencyKeyAsync("d1", "slot-1", Ct))?.Id);
        Assert.Equal("run-3", (await Runs.GetByIdempotencyKeyAsync("d2", "slot-1", Ct))?.Id);
        Assert.Null(await Runs.GetByIdempotencyKeyAsync("d1", "slot-2", Ct));
    }

    [Fact]
    public async Task Run_idempotency_key_race_has_exactly_one_winner()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Runs.InsertAsync(Run($"run-{i}", idempotencyKey: "tick"), Ct)));

        Assert.Single(results, inserted => inserted);
    }

    [Fact]
    public async Task Run_insert_with_a_taken_id_still_fails()
    {
        await InsertRunAsync(Run("run-1"));

        await Assert.ThrowsAnyAsync<DbException>(() => Runs.InsertAsync(Run("run-1"), Ct));
    }

    [Fact]
    public async Task Run_list_filters_by_domain_job_and_status_newest_first_with_cursor_pages()
    {
        await InsertRunAsync(Run("run-1", jobId: "job-a", createdAt: At(1)));
        await InsertRunAsync(Run("run-2", jobId: "job-a", status: RunStatus.Success, createdAt: At(2)));
        await InsertRunAsync(Run("run-3", jobId: "job-b", createdAt: At(3)));
        await InsertRunAsync(Run("run-4", jobId: "job-a", createdAt: At(4)));
        await InsertRunAsync(Run("run-5", jobId: "job-a", domain: "d2", createdAt: At(5)));

        var byJob = await Runs.ListAsync(new RunQuery("d1", "job-a", null, 2, null), Ct);
        var next = await Runs.ListAsync(new RunQuery("d1", "job-a", null, 2, byJob.NextCursor), Ct);
        var queued = await Runs.ListAsync(new RunQuery("d1", null, RunStatus.Queued, 50, null), Ct);
        var all = await Runs.ListAsync(new RunQuery(null, null, null, 50, null), Ct);

        Assert.Equal(["run-4", "run-2"], byJob.Items.Select(r => r.Id));
        Assert.Equal(["run-1"], next.Items.Select(r => r.Id));
        Assert.Null(next.NextCursor);
        Assert.Equal(["run-4", "run-3", "run-1"], queued.Items.Select(r => r.Id));
        Assert.Equal(["run-5", "run-4", "run-3", "run-2", "run-1"], all.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task Active_runs_are_queued_or_running_and_stale_in_id_order_paged_by_after_id()
    {
        await InsertRunAsync(Run("run-c", status: RunStatus.Queued) with { UpdatedAt = At(1) });
        await InsertRunAsync(Run("run-a", status: RunStatus.Running) with { UpdatedAt = At(2) });
        await InsertRunAsync(Run("run-b", status: RunStatus.Queued, domain: "d2") with { UpdatedAt = At(3) });
        await InsertRunAsync(Run("run-d", status: RunStatus.Queued) with { UpdatedAt = At(10) });
        await InsertRunAsync(Run("run-e", status: RunStatus.Success) with { UpdatedAt = At(1) });

        var first = await Runs.ListActiveAsync(At(10), null, 2, Ct);
        var second = await Runs.ListActiveAsync(At(10), first[^1].Id, 2, Ct);

        Assert.Equal(["run-a", "run-b"], first.Select(r => r.Id));
        Assert.Equal(["run-c"], second.Select(r => r.Id));
    }

    [Fact]
    public async Task Redispatch_mark_has_one_winner_among_callers_that_saw_the_same_run()
    {
        var run = await InsertRunAsync(Run("run-1") with { UpdatedAt = At(1) });

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Runs.TryMarkRedispatchAsync(run.Id, run.UpdatedAt, At(20 + i), Ct)));

        Assert.Single(results, won => won);
        Assert.True((await GetRunAsync(run.Id)).UpdatedAt > run.UpdatedAt);
    }

    [Fact]
    public async Task Redispatch_mark_moves_updated_at_even_when_now_equals_what_was_seen()
    {
        var run = await InsertRunAsync(Run("run-1") with { UpdatedAt = At(1) });

        Assert.True(await Runs.TryMarkRedispatchAsync(run.Id, run.UpdatedAt, run.UpdatedAt, Ct));
        Assert.False(await Runs.TryMarkRedispatchAsync(run.Id, run.UpdatedAt, run.UpdatedAt, Ct));
        Assert.Equal(At(1.001), (await GetRunAsync(run.Id)).UpdatedAt);
    }

    [Fact]
    public async Task Redispatch_mark_loses_when_the_run_changed_or_ended()
    {
        var moved = await InsertRunAsync(Run("run-1") with { UpdatedAt = At(1) });
        var ended = await InsertRunAsync(Run("run-2", status: RunStatus.Failed) with { UpdatedAt = At(1) });
        await Runs.ApplyAsync([Update(moved, 1, RunStatus.Running, RunStatus.Running) with { WorkerId = "w1", Slot = 0 }], Ct);

        Assert.False(await Runs.TryMarkRedispatchAsync(moved.Id, moved.UpdatedAt, At(30), Ct));
        Assert.False(await Runs.TryMarkRedispatchAsync(ended.Id, ended.UpdatedAt, At(30), Ct));
    }

    [Fact]
    public async Task Retention_deletes_ended_runs_and_their_attempts_in_bounded_batches()
    {
        for (var i = 0; i < 5; i++)
        {
            var old = await InsertRunAsync(Run($"old-{i}", status: RunStatus.Success) with { EndedAt = At(i) });
            await Runs.ApplyAsync([Update(old, 1, RunStatus.Success, null)], Ct);
        }

        await InsertRunAsync(Run("recent", status: RunStatus.Failed) with { EndedAt = At(100) });
        await InsertRunAsync(Run("running", status: RunStatus.Running));

        var batches = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            batches.Add(await Runs.DeleteEndedBeforeAsync(At(50), 2, Ct));
        }

        Assert.Equal([2, 2, 1, 0], batches);
        Assert.Null(await Runs.GetAsync(null, "old-0", Ct));
        Assert.Empty(await Runs.GetAttemptsAsync("old-4", Ct));
        Assert.NotNull(await Runs.GetAsync(null, "recent", Ct));
        Assert.NotNull(await Runs.GetAsync(null, "running", Ct));
    }

    [Fact]
    public async Task Overview_counts_runs_by_status_per_job_and_lists_the_newest_runs()
    {
        await Jobs.InsertAsync(Job("job-a", name: "alpha", mode: "cron"), Ct);
        await Jobs.InsertAsync(Job("job-b", name: "beta"), Ct);
        await Jobs.InsertAsync(Job("job-c", name: "gamma", domain: "d2"), Ct);
        string[] statuses = [RunStatus.Success, RunStatus.Success, RunStatus.Success, RunStatus.Failed, RunStatus.Failed,
            RunStatus.TimedOut, RunStatus.Queued, RunStatus.Running];
        for (var i = 0; i < statuses.Length; i++)
        {
            await InsertRunAsync(Run($"run-a{i}", jobId: "job-a", status: statuses[i], createdAt: At(i)));
        }

        await InsertRunAsync(Run("run-c0", jobId: "job-c", domain: "d2", status: RunStatus.Success));
        await InsertRunAsync(Run("run-x0", jobId: "job-deleted", status: RunStatus.Success));

        var d1 = await Runs.OverviewAsync("d1", 3, Ct);
        var all = await Runs.OverviewAsync(null, 3, Ct);

        Assert.Equal(["job-a", "job-b"], d1.Select(s => s.JobId));
        var alpha = d1[0];
        Assert.Equal(("alpha", "d1", "cron"), (alpha.Name, alpha.Domain, alpha.ScheduleMode));
        Assert.Equal((8L, 3L, 3L, 1L), (alpha.TotalRuns, alpha.SuccessRuns, alpha.FailedRuns, alpha.QueuedRuns));
        Assert.Equal(["run-a7", "run-a6", "run-a5"], alpha.RecentRuns.Select(r => r.Id));
        Assert.Equal((0L, 0L), (d1[1].TotalRuns, d1[1].SuccessRuns));
        Assert.Empty(d1[1].RecentRuns);
        Assert.Equal(["job-a", "job-b", "job-c"], all.Select(s => s.JobId));
        Assert.Equal(["run-c0"], all[2].RecentRuns.Select(r => r.Id));
    }
}
