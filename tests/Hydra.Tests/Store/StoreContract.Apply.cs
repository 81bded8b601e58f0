using System.Data.Common;
using Hydra.Functions.Store;
using Hydra.Shared.Runs;
using static Hydra.Tests.Store.StoreSamples;

namespace Hydra.Tests.Store;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Apply_running_then_success_records_the_attempt_and_finishes_the_run()
    {
        var run = await InsertRunAsync(Run("run-1"));
        var running = Update(run, 1, RunStatus.Running, RunStatus.Running) with
        {
            WorkerId = "w1", Slot = 3, LeaseToken = "lease-1", StartedAt = At(2), QueueLatencyMs = 2000,
        };
        var success = Update(run, 1, RunStatus.Success, RunStatus.Success) with
        {
            EndedAt = At(5), ReturnCode = 0, Stdout = "hello", Stderr = "", CompletionReason = "criteria satisfied",
        };

        await Runs.ApplyAsync([running], Ct);
        var started = await GetRunAsync(run.Id);
        await Runs.ApplyAsync([success], Ct);
        var ended = await GetRunAsync(run.Id);

        Assert.Equal((RunStatus.Running, "w1", 3, At(2), 2000L), (started.Status, started.WorkerId, started.Slot, started.StartedAt, started.QueueLatencyMs));
        Assert.Equal(RunStatus.Success, ended.Status);
        Assert.Equal(("w1", 3, At(2), At(5), 0), (ended.WorkerId, ended.Slot, ended.StartedAt, ended.EndedAt, ended.ReturnCode));
        Assert.Equal(("hello", "", "criteria satisfied"), (ended.Stdout, ended.Stderr, ended.CompletionReason));
        Assert.True(ended.UpdatedAt > started.UpdatedAt && started.UpdatedAt > run.UpdatedAt);
        var attempt = Assert.Single(await Runs.GetAttemptsAsync(run.Id, Ct));
        // Null fields of the second report kept what the first one wrote.
        Assert.Equal(new AttemptRecord
        {
            RunId = run.Id, Attempt = 1, Domain = "d1", WorkerId = "w1", Slot = 3, LeaseToken = "lease-1", Status = RunStatus.Success,
            StartedAt = At(2), EndedAt = At(5), ReturnCode = 0, Stdout = "hello", Stderr = "", CompletionReason = "criteria satisfied",
        }, attempt);
    }

    [Fact]
    public async Task Apply_retry_with_next_attempt_requeues_the_run_and_keeps_the_failed_attempt()
    {
        var run = await InsertRunAsync(Run("run-1"));

        await Runs.ApplyAsync(
        [
            Update(run, 1, RunStatus.Running, RunStatus.Running) with { WorkerId = "w1", Slot = 0, StartedAt = At(1) },
            Update(run, 1, RunStatus.Failed, RunStatus.Failed) with { NextAttempt = 2, RetriesRemaining = 1, EndedAt = At(2), ReturnCode = 1 },
        ], Ct);

        var requeued = await GetRunAsync(run.Id);
        Assert.Equal((RunStatus.Queued, 2, 1), (requeued.Status, requeued.Attempt, requeued.RetriesRemaining));
        Assert.Null(requeued.WorkerId);
        Assert.Null(requeued.EndedAt);
        var attempt = Assert.Single(await Runs.GetAttemptsAsync(run.Id, Ct));
        Assert.Equal((RunStatus.Failed, 1, "w1"), (attempt.Status, attempt.ReturnCode, attempt.WorkerId));

        await Runs.ApplyAsync([Update(run, 2, RunStatus.Running, RunStatus.Running) with { WorkerId = "w2", Slot = 1 }], Ct);

        var second = await GetRunAsync(run.Id);
        Assert.Equal((RunStatus.Running, 2, "w2"), (second.Status, second.Attempt, second.WorkerId));
        Assert.Equal([1, 2], (await Runs.GetAttemptsAsync(run.Id, Ct)).Select(a => a.Attempt));
    }

    [Fact]
    public async Task Apply_late_report_of_an_older_attempt_loses()
    {
        var run = await InsertRunAsync(Run("run-1"));
        await Runs.ApplyAsync([Update(run, 1, "lost", RunStatus.Queued) with { NextAttempt = 2 }], Ct);

        await Runs.ApplyAsync([Update(run, 1, RunStatus.Success, RunStatus.Success) with { EndedAt = At(9), ReturnCode = 0 }], Ct);

        var stored = await GetRunAsync(run.Id);
        Assert.Equal((RunStatus.Queued, 2), (stored.Status, stored.Attempt));
        Assert.Null(stored.EndedAt);
        // The attempt row still records what the late report said.
        Assert.Equal(0, Assert.Single(await Runs.GetAttemptsAsync(run.Id, Ct)).ReturnCode);
    }

    [Fact]
    public async Task Apply_never_overwrites_a_terminal_run()
    {
        var run = await InsertRunAsync(Run("run-1"));
        await Runs.ApplyAsync([Update(run, 1, RunStatus.Success, RunStatus.Success) with { EndedAt = At(5), ReturnCode = 0, Stdout = "first" }], Ct);
        var ended = await GetRunAsync(run.Id);

        await Runs.ApplyAsync(
        [
            Update(run, 1, RunStatus.Failed, RunStatus.Failed) with { ReturnCode = 1, Stdout = "second" },
            Update(run, 1, RunStatus.Running, RunStatus.Running) with { WorkerId = "w9" },
            Update(run, 2, RunStatus.Failed, RunStatus.Queued) with { NextAttempt = 3 },
        ], Ct);

        Assert.Equal(ended, await GetRunAsync(run.Id));
        // A late "running" does not revert the attempt's final status either.
        Assert.Equal(RunStatus.Failed, (await Runs.GetAttemptsAsync(run.Id, Ct))[0].Status);
    }

    [Fact]
    public async Task Apply_superseded_report_writes_only_its_attempt()
    {
        var run = await InsertRunAsync(Run("run-1"));
        await Runs.ApplyAsync([Update(run, 1, RunStatus.Running, RunStatus.Running) with { WorkerId = "w1", LeaseToken = "old" }], Ct);
        var before = await GetRunAsync(run.Id);

        await Runs.ApplyAsync(
        [
            Update(run, 1, RunStatus.Superseded, RunStatus.Success) with { Superseded = true, ReturnCode = 0, Stdout = "stale", EndedAt = At(4) },
        ], Ct);

        Assert.Equal(before, await GetRunAsync(run.Id));
        var attempt = Assert.Single(await Runs.GetAttemptsAsync(run.Id, Ct));
        Assert.True(attempt.Superseded);
        Assert.Equal((RunStatus.Superseded, "stale", "old"), (attempt.Status, attempt.Stdout, attempt.LeaseToken));
    }

    [Fact]
    public async Task Apply_is_one_transaction_so_a_failing_update_leaves_nothing_of_its_batch()
    {
        var run = await InsertRunAsync(Run("run-1"));

        await Assert.ThrowsAnyAsync<DbException>(() => Runs.ApplyAsync(
        [
            Update(run, 1, RunStatus.Running, RunStatus.Running) with { WorkerId = "w1" },
            Update(run, 1, "bogus", "bogus"),
        ], Ct));

        var stored = await GetRunAsync(run.Id);
        Assert.Equal(run with { Dispatch = stored.Dispatch }, stored);
        Assert.Empty(await Runs.GetAttemptsAsync(run.Id, Ct));
    }

    [Fact]
    public async Task Apply_twice_gives_the_same_run_and_attempts()
    {
        var run = await InsertRunAsync(Run("run-1"));
        RunUpdate[] batch =
        [
            Update(run, 1, RunStatus.Running, RunStatus.Running) with { WorkerId = "w1", Slot = 0, StartedAt = At(1) },
            Update(run, 1, RunStatus.TimedOut, RunStatus.TimedOut) with { EndedAt = At(11), CompletionReason = "timed out after 10s" },
        ];

        await Runs.ApplyAsync(batch, Ct);
        var once = await GetRunAsync(run.Id);
        var attemptsOnce = await Runs.GetAttemptsAsync(run.Id, Ct);
        await Runs.ApplyAsync(batch, Ct);

        Assert.Equal(once, await GetRunAsync(run.Id));
        Assert.Equal(attemptsOnce, await Runs.GetAttemptsAsync(run.Id, Ct));
        Assert.Equal((RunStatus.TimedOut, At(11)), (once.Status, once.EndedAt));
    }

    [Fact]
    public async Task Apply_ignores_reports_for_runs_the_store_does_not_have()
    {
        var kept = await InsertRunAsync(Run("run-1"));
        var gone = Run("run-gone");

        await Runs.ApplyAsync(
        [
            Update(gone, 1, RunStatus.Success, RunStatus.Success),
            Update(kept, 1, RunStatus.Running, RunStatus.Running) with { WorkerId = "w1" },
        ], Ct);

        Assert.Empty(await Runs.GetAttemptsAsync(gone.Id, Ct));
        Assert.Equal(RunStatus.Running, (await GetRunAsync(kept.Id)).Status);
    }

    [Fact]
    public async Task Apply_terminal_report_without_an_end_time_still_sets_ended_at_for_retention()
    {
        var run = await InsertRunAsync(Run("run-1"));

        await Runs.ApplyAsync([Update(run, 1, RunStatus.Cancelled, RunStatus.Cancelled)], Ct);

        Assert.NotNull((await GetRunAsync(run.Id)).EndedAt);
    }
}
