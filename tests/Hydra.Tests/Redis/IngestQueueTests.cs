using Hydra.Shared.Redis;

namespace Hydra.Tests.Redis;

public sealed class IngestQueueTests : IAsyncLifetime
{
    private readonly RedisScope _redis = new();
    private const string D = RedisScope.Domain;

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Acknowledge_trims_the_batch_and_deletes_only_the_finished_run_hashes()
    {
        await _redis.RegisterAsync("w1", max: 5);
        await _redis.DispatchAsync(RedisScope.Run("done"));
        await _redis.DispatchAsync(RedisScope.Run("busy"));
        await _redis.ClaimAndCompleteAsync("w1");
        await _redis.Claimer.ClaimAsync(D, "w1", 1, "lease-busy", CancellationToken.None);

        var batch = await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None);
        Assert.Equal(["started:done", "finished:done", "started:busy"], batch.Select(r => $"{r.Kind}:{r.RunId}"));

        Assert.True(await _redis.Ingest.AcknowledgeAsync(D, batch, CancellationToken.None));

        Assert.Equal(0, await _redis.Ingest.CountAsync(D, CancellationToken.None));
        Assert.False(await _redis.Db.KeyExistsAsync(_redis.Keys.Run(D, "done")));
        Assert.Equal(RedisRunState.Running, await _redis.RunFieldAsync("busy", "status"));
    }

    [Fact]
    public async Task Acknowledge_leaves_records_written_after_the_read_in_place()
    {
        await _redis.RegisterAsync("w1", max: 5);
        await _redis.DispatchAsync(RedisScope.Run("r1"));
        await _redis.DispatchAsync(RedisScope.Run("r2"));
        await _redis.Claimer.ClaimAsync(D, "w1", 0, "l1", CancellationToken.None);
        var batch = await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None);
        await _redis.Claimer.ClaimAsync(D, "w1", 1, "l2", CancellationToken.None);

        Assert.True(await _redis.Ingest.AcknowledgeAsync(D, batch, CancellationToken.None));

        var left = Assert.Single(await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None));
        Assert.Equal(("r2", IngestRecord.Started), (left.RunId, left.Kind));
    }

    [Fact]
    public async Task A_second_ingester_acknowledging_the_same_batch_drops_nothing()
    {
        await _redis.RegisterAsync("w1", max: 5);
        await _redis.DispatchAsync(RedisScope.Run("r1"));
        await _redis.DispatchAsync(RedisScope.Run("r2"));
        await _redis.Claimer.ClaimAsync(D, "w1", 0, "l1", CancellationToken.None);
        var first = await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None);
        var second = await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None);
        await _redis.Claimer.ClaimAsync(D, "w1", 1, "l2", CancellationToken.None);

        Assert.True(await _redis.Ingest.AcknowledgeAsync(D, first, CancellationToken.None));
        Assert.False(await _redis.Ingest.AcknowledgeAsync(D, second, CancellationToken.None));

        Assert.Equal("r2", Assert.Single(await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None)).RunId);
    }

    [Fact]
    public async Task Acknowledge_keeps_a_run_hash_that_was_dispatched_again_after_the_read()
    {
        await _redis.RegisterAsync("w1", max: 5);
        await _redis.DispatchAsync(RedisScope.Run("r1"));
        await _redis.ClaimAndCompleteAsync("w1");
        var batch = await _redis.Ingest.ReadAsync(D, 10, CancellationToken.None);
        // Meanwhile the run hash went away and the run came back for attempt 2 (reconcile, retry).
        await _redis.Db.KeyDeleteAsync(_redis.Keys.Run(D, "r1"));
        var retry = RedisScope.Run("r1");
        retry.Attempt = 2;
        await _redis.DispatchAsync(retry);

        Assert.True(await _redis.Ingest.AcknowledgeAsync(D, batch, CancellationToken.None));

        Assert.Equal(RedisRunState.Dispatched, await _redis.RunFieldAsync("r1", "status"));
        Assert.Equal("2", await _redis.RunFieldAsync("r1", "attempt"));
    }

    [Fact]
    public async Task Read_returns_at_most_the_number_asked_oldest_first()
    {
        await _redis.RegisterAsync("w1", max: 5);
        for (var i = 1; i <= 3; i++)
        {
            await _redis.DispatchAsync(RedisScope.Run($"r{i}"));
            await _redis.Claimer.ClaimAsync(D, "w1", i, $"l{i}", CancellationToken.None);
        }

        var two = await _redis.Ingest.ReadAsync(D, 2, CancellationToken.None);

        Assert.Equal(["r1", "r2"], two.Select(r => r.RunId));
        Assert.True(two[0].Seq < two[1].Seq);
    }

    [Fact]
    public async Task A_claim_publishes_the_ingest_wake_with_its_domain()
    {
        await _redis.RegisterAsync("w1");
        await _redis.DispatchAsync(RedisScope.Run("r1"));
        var woken = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriber = _redis.Connection.GetSubscriber();
        await subscriber.SubscribeAsync(_redis.Keys.IngestWake, (_, message) => woken.TrySetResult(message!));
        try
        {
            await _redis.Claimer.ClaimAsync(D, "w1", 0, "lease", CancellationToken.None);

            Assert.Equal(D, await woken.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        finally
        {
            await subscriber.UnsubscribeAsync(_redis.Keys.IngestWake);
        }
    }
}
