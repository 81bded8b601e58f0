using Hydra.Shared.Redis;
using Hydra.Shared.Runs;

namespace Hydra.Tests.Redis;

public sealed class ClaimAndCompleteTests : IAsyncLifetime
{
    private readonly RedisScope _redis = new();
    private const string D = RedisScope.Domain;

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Claim_moves_the_run_to_inflight_marks_it_running_and_returns_the_payload_with_its_lease()
    {
        await _redis.RegisterAsync("w1");
        var enqueued = await _redis.RedisNowMsAsync() - 250;
        var sent = RedisScope.Run("r1", enqueuedMs: enqueued);
        sent.Attempt = 3;
        await _redis.DispatchAsync(sent);

        var run = await _redis.Claimer.ClaimAsync(D, "w1", 1, "lease-abc", CancellationToken.None);

        Assert.NotNull(run);
        Assert.Equal("r1", run.RunId);
        Assert.Equal(3, run.Attempt);
        Assert.Equal("lease-abc", run.LeaseToken);
        Assert.Equal("echo r1", run.Executor.Script);
        Assert.Empty(await _redis.ListAsync(_redis.Keys.Queue(D, "w1")));
        Assert.Equal(["r1"], await _redis.ListAsync(_redis.Keys.Inflight(D, "w1")));
        Assert.Equal(RedisRunState.Running, await _redis.RunFieldAsync("r1", "status"));
        Assert.Equal("lease-abc", await _redis.RunFieldAsync("r1", "lease"));
        Assert.Equal("1", await _redis.RunFieldAsync("r1", "slot"));

        var started = Assert.Single(await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None));
        Assert.Equal(IngestRecord.Started, started.Kind);
        Assert.Equal(("r1", 3, "w1", 1, "lease-abc"), (started.RunId, started.Attempt, started.WorkerId, started.Slot, started.LeaseToken));
        Assert.Equal(D, started.Domain);
        Assert.Equal(started.At, started.StartedAt);
        Assert.Equal(enqueued, started.EnqueuedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal((long)(started.StartedAt!.Value - started.EnqueuedAt.Value).TotalMilliseconds, started.QueueLatencyMs);
        Assert.InRange(started.QueueLatencyMs!.Value, 250, 60_000);
    }

    [Fact]
    public async Task Claim_of_an_empty_queue_returns_null()
    {
        await _redis.RegisterAsync("w1");

        Assert.Null(await _redis.Claimer.ClaimAsync(D, "w1", 0, "lease", CancellationToken.None));
        Assert.Equal(0, await _redis.Ingest.CountAsync(D, CancellationToken.None));
    }

    [Fact]
    public async Task Claim_drops_a_queued_id_whose_run_hash_is_gone_and_takes_the_next()
    {
        await _redis.RegisterAsync("w1", max: 5);
        await _redis.DispatchAsync(RedisScope.Run("cancelled"));
        await _redis.DispatchAsync(RedisScope.Run("r2"));
        await _redis.Db.KeyDeleteAsync(_redis.Keys.Run(D, "cancelled"));

        var run = await _redis.Claimer.ClaimAsync(D, "w1", 0, "lease", CancellationToken.None);

        Assert.Equal("r2", run?.RunId);
        Assert.Equal(["r2"], await _redis.ListAsync(_redis.Keys.Inflight(D, "w1")));
        Assert.Empty(await _redis.ListAsync(_redis.Keys.Queue(D, "w1")));
    }

    [Fact]
    public async Task Complete_with_the_current_lease_finishes_the_run_frees_the_slot_and_records_it_for_ingest()
    {
        await _redis.RegisterAsync("w1", max: 1);
        await _redis.DispatchAsync(RedisScope.Run("r1"));
        var run = await _redis.Claimer.ClaimAsync(D, "w1", 0, "lease-1", CancellationToken.None);
        var outcome = RedisScope.Outcome(run!, "w1", RunStatus.Failed);
        outcome.ReturnCode = 42;
        outcome.Stdout = "line \"one\"\nüñí/code";

        var result = await _redis.Reporter.CompleteAsync(outcome, CancellationToken.None);

        Assert.Equal(CompletionResult.Completed, result);
        Assert.Empty(await _redis.ListAsync(_redis.Keys.Inflight(D, "w1")));
        Assert.Equal(RedisRunState.Finished, await _redis.RunFieldAsync("r1", "status"));
        var records = await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None);
        Assert.Equal([IngestRecord.Started, IngestRecord.Finished], records.Select(r => r.Kind));
        var finished = records[1];
        Assert.Equal(("r1", 1, "w1", "lease-1"), (finished.RunId, finished.Attempt, finished.WorkerId, finished.LeaseToken));
        Assert.Equal((RunStatus.Failed, (int?)42), (finished.Status, finished.ReturnCode));
        Assert.Equal(outcome.Stdout, finished.Stdout);
        Assert.Equal("exit code 1 not in [0]", finished.CompletionReason);
        Assert.Equal(records[0].StartedAt, finished.StartedAt);
        Assert.True(finished.EndedAt >= finished.StartedAt);
        Assert.True(finished.Seq > records[0].Seq);

        // The freed slot is usable at once.
        Assert.Equal("w1", (await _redis.DispatchAsync(RedisScope.Run("r2"))).WorkerId);
    }

    [Fact]
    public async Task Complete_with_a_stale_lease_is_recorded_as_superseded_and_changes_nothing_else()
    {
        await _redis.RegisterAsync("w1");
        await _redis.DispatchAsync(RedisScope.Run("r1"));
        var run = await _redis.Claimer.ClaimAsync(D, "w1", 0, "current", CancellationToken.None);
        var runBefore = await _redis.Db.HashGetAllAsync(_redis.Keys.Run(D, "r1"));

        var result = await _redis.Reporter.CompleteAsync(RedisScope.Outcome(run!, "w1", lease: "stale"), CancellationToken.None);

        Assert.Equal(CompletionResult.Superseded, result);
        Assert.Equal(runBefore.OrderBy(e => (string)e.Name!), (await _redis.Db.HashGetAllAsync(_redis.Keys.Run(D, "r1"))).OrderBy(e => (string)e.Name!));
        Assert.Equal(["r1"], await _redis.ListAsync(_redis.Keys.Inflight(D, "w1")));
        var superseded = (await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None))[^1];
        Assert.Equal(IngestRecord.Superseded, superseded.Kind);
        Assert.Equal(("r1", "stale", RunStatus.Success), (superseded.RunId, superseded.LeaseToken, superseded.Status));
        Assert.Null(superseded.StartedAt);
    }

    [Fact]
    public async Task Complete_of_a_run_redis_no_longer_knows_is_superseded()
    {
        var ghost = RedisScope.Run("ghost");
        ghost.LeaseToken = "old";

        Assert.Equal(CompletionResult.Superseded, await _redis.Reporter.CompleteAsync(RedisScope.Outcome(ghost, "w1"), CancellationToken.None));
        Assert.False(await _redis.Db.KeyExistsAsync(_redis.Keys.Run(D, "ghost")));
        Assert.Equal(IngestRecord.Superseded, Assert.Single(await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Reporting_the_same_attempt_twice_finishes_it_once()
    {
        await _redis.RegisterAsync("w1");
        await _redis.DispatchAsync(RedisScope.Run("r1"));
        var run = await _redis.Claimer.ClaimAsync(D, "w1", 0, "lease", CancellationToken.None);
        var outcome = RedisScope.Outcome(run!, "w1");

        Assert.Equal(CompletionResult.Completed, await _redis.Reporter.CompleteAsync(outcome, CancellationToken.None));
        Assert.Equal(CompletionResult.Completed, await _redis.Reporter.CompleteAsync(outcome, CancellationToken.None));

        Assert.Single(await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None), r => r.Kind == IngestRecord.Finished);
    }

    [Fact]
    public async Task Complete_with_a_retry_reuses_the_run_hash_as_the_next_attempt_in_the_delayed_set()
    {
        await _redis.RegisterAsync("w1");
        await _redis.DispatchAsync(RedisScope.Run("r1"));
        var run = await _redis.Claimer.ClaimAsync(D, "w1", 0, "lease", CancellationToken.None);
        var outcome = RedisScope.Outcome(run!, "w1");
        outcome.Status = "failed";

        var retry = new RetryRequest(TimeSpan.FromSeconds(30), 2);
        Assert.Equal(CompletionResult.RetryScheduled, await _redis.Reporter.CompleteAsync(outcome, retry, CancellationToken.None));
        // The same report again (a lost reply) changes nothing and is not superseded.
        Assert.Equal(CompletionResult.RetryScheduled, await _redis.Reporter.CompleteAsync(outcome, retry, CancellationToken.None));

        Assert.Equal(RedisRunState.Delayed, await _redis.RunFieldAsync("r1", "status"));
        Assert.Equal("2", await _redis.RunFieldAsync("r1", "attempt"));
        Assert.NotNull(await _redis.Db.SortedSetScoreAsync(_redis.Keys.Delayed(D), "r1"));
        Assert.Empty(await _redis.Db.ListRangeAsync(_redis.Keys.Inflight(D, "w1")));
        var records = await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None);
        var scheduled = Assert.Single(records, r => r.Kind == IngestRecord.RetryScheduled);
        Assert.Equal(2, scheduled.NextAttempt);
        Assert.Equal(2, scheduled.RetriesRemaining);
        Assert.Equal(0, await _redis.Dispatcher.PromoteDueAsync(D, 10, CancellationToken.None));
    }
}
