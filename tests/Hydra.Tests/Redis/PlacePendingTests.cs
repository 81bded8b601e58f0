using Hydra.Shared.Jobs;
using Hydra.Shared.Redis;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Redis;

public sealed class PlacePendingTests : IAsyncLifetime
{
    private readonly RedisScope _redis = new();
    private const string D = RedisScope.Domain;

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    private Task<int> PlaceAsync(int maxScan = 100) => _redis.Dispatcher.PlacePendingAsync(D, maxScan, RedisScope.Ttl, CancellationToken.None);

    [Fact]
    public async Task Two_workers_with_one_slot_and_four_runs_dispatch_two_then_place_pending_after_a_completion()
    {
        await _redis.RegisterAsync("w1", max: 1);
        await _redis.RegisterAsync("w2", max: 1);

        var results = new List<DispatchResult>();
        for (var i = 1; i <= 4; i++)
        {
            results.Add(await _redis.DispatchAsync(RedisScope.Run($"r{i}", enqueuedMs: 1_000 + i)));
        }

        Assert.Equal(["w1", "w2", null, null], results.Select(r => r.WorkerId));
        Assert.Equal(2, await _redis.Dispatcher.CountPendingAsync(D, CancellationToken.None));
        Assert.Equal(0, await PlaceAsync());

        await _redis.ClaimAndCompleteAsync("w2");
        Assert.Equal(1, await PlaceAsync());

        Assert.Equal(["r3"], await _redis.ListAsync(_redis.Keys.Queue(D, "w2")));
        Assert.Equal(RedisRunState.Dispatched, await _redis.RunFieldAsync("r3", "status"));
        Assert.Equal(RedisRunState.Pending, await _redis.RunFieldAsync("r4", "status"));
        Assert.Equal(1, await _redis.Dispatcher.CountPendingAsync(D, CancellationToken.None));
    }

    [Fact]
    public async Task An_unplaceable_run_at_the_head_does_not_block_the_placeable_ones_behind_it()
    {
        // Nobody online yet: all three wait, the windows-only one first (highest priority).
        await _redis.DispatchAsync(RedisScope.Run("needs-windows", new AffinitySpec { Os = ["windows"] }, priority: 50));
        await _redis.DispatchAsync(RedisScope.Run("any-1", enqueuedMs: 1_000));
        await _redis.DispatchAsync(RedisScope.Run("any-2", enqueuedMs: 2_000));
        await _redis.RegisterAsync("lin", max: 5);

        Assert.Equal(2, await PlaceAsync());

        Assert.Equal(["any-1", "any-2"], await _redis.ListAsync(_redis.Keys.Queue(D, "lin")));
        Assert.Equal(["needs-windows"], (await _redis.Db.SortedSetRangeByRankAsync(_redis.Keys.Pending(D))).Select(v => (string)v!));
    }

    [Fact]
    public async Task Place_pending_takes_higher_priority_first_and_stops_when_no_slot_is_free()
    {
        await _redis.DispatchAsync(RedisScope.Run("p1-old", priority: 1, enqueuedMs: 1_000));
        await _redis.DispatchAsync(RedisScope.Run("p9", priority: 9, enqueuedMs: 5_000));
        await _redis.DispatchAsync(RedisScope.Run("p1-new", priority: 1, enqueuedMs: 2_000));
        await _redis.RegisterAsync("w1", max: 2);

        Assert.Equal(2, await PlaceAsync());

        Assert.Equal(["p9", "p1-old"], await _redis.ListAsync(_redis.Keys.Queue(D, "w1")));
        Assert.Equal(RedisRunState.Pending, await _redis.RunFieldAsync("p1-new", "status"));
    }

    [Fact]
    public async Task Place_pending_scans_no_further_than_asked()
    {
        await _redis.DispatchAsync(RedisScope.Run("r1", enqueuedMs: 1_000));
        await _redis.DispatchAsync(RedisScope.Run("r2", enqueuedMs: 2_000));
        await _redis.RegisterAsync("w1", max: 5);

        Assert.Equal(1, await PlaceAsync(maxScan: 1));
        Assert.Equal(["r1"], await _redis.ListAsync(_redis.Keys.Queue(D, "w1")));
    }

    [Fact]
    public async Task Place_pending_drops_entries_whose_run_hash_is_gone()
    {
        await _redis.DispatchAsync(RedisScope.Run("cancelled"));
        await _redis.Db.KeyDeleteAsync(_redis.Keys.Run(D, "cancelled"));
        await _redis.RegisterAsync("w1");

        Assert.Equal(0, await PlaceAsync());

        Assert.Equal(0, await _redis.Dispatcher.CountPendingAsync(D, CancellationToken.None));
        Assert.Empty(await _redis.ListAsync(_redis.Keys.Queue(D, "w1")));
    }

    [Fact]
    public async Task A_worker_coming_online_or_a_completion_publishes_the_dispatch_wake()
    {
        var wakes = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var subscriber = _redis.Connection.GetSubscriber();
        await subscriber.SubscribeAsync(_redis.Keys.DispatchWake, (_, message) => wakes.Enqueue(message!));
        try
        {
            await _redis.RegisterAsync("w1");
            await Eventually.TrueAsync(() => Task.FromResult(!wakes.IsEmpty), TimeSpan.FromSeconds(5), "a dispatch wake after register");

            await _redis.DispatchAsync(RedisScope.Run("r1"));
            await _redis.ClaimAndCompleteAsync("w1");
            await Eventually.TrueAsync(() => Task.FromResult(wakes.Count >= 2), TimeSpan.FromSeconds(5), "a dispatch wake after complete");

            Assert.All(wakes, domain => Assert.Equal(D, domain));
        }
        finally
        {
            await subscriber.UnsubscribeAsync(_redis.Keys.DispatchWake);
        }
    }
}
