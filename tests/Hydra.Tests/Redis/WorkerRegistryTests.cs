using Hydra.Shared.Redis;

namespace Hydra.Tests.Redis;

public sealed class WorkerRegistryTests : IAsyncLifetime
{
    private readonly RedisScope _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Register_writes_the_worker_hash_and_a_heartbeat_stamped_with_redis_time()
    {
        var before = await _redis.RedisNowMsAsync();
        var result = await _redis.Registry.RegisterAsync(
            RedisScope.Worker("w1", max: 3, os: "Linux", tags: ["GPU", "Big"], users: ["Rich"]), CancellationToken.None);
        var after = await _redis.RedisNowMsAsync();

        Assert.Equal(WorkerStates.Online, result.State);
        Assert.Empty(result.PreviousInflight);
        var hash = (await _redis.Db.HashGetAllAsync(_redis.Keys.Worker(RedisScope.Domain, "w1"))).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        Assert.Equal("w1", hash["id"]);
        Assert.Equal(RedisScope.Domain, hash["domain"]);
        Assert.Equal("linux", hash["os"]);
        Assert.Equal("[\"gpu\",\"big\"]", hash["tags"]);
        Assert.Equal("[\"Rich\"]", hash["allowed_users"]);
        Assert.Equal("3", hash["max_concurrency"]);
        Assert.Equal("online", hash["state"]);

        var score = await _redis.Db.SortedSetScoreAsync(_redis.Keys.Heartbeats(RedisScope.Domain), "w1");
        Assert.NotNull(score);
        // Redis TIME has microseconds; the bracket reads whole ms, so allow the 1 ms truncation.
        Assert.InRange((long)score.Value, before - 1, after + 1);
        Assert.Equal(((long)score.Value).ToString(System.Globalization.CultureInfo.InvariantCulture), hash["last_heartbeat_ms"]);
        Assert.Contains(RedisScope.Domain, await new DomainSet(_redis.Scripts).ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Register_keeps_an_operators_draining_or_disabled_across_re_registration()
    {
        await _redis.RegisterAsync("w1");
        await _redis.RegisterAsync("w2");
        Assert.True(await _redis.Registry.SetStateAsync(RedisScope.Domain, "w1", WorkerStates.Draining, CancellationToken.None));
        Assert.True(await _redis.Registry.SetStateAsync(RedisScope.Domain, "w2", WorkerStates.Disabled, CancellationToken.None));

        Assert.Equal(WorkerStates.Draining, (await _redis.RegisterAsync("w1")).State);
        Assert.Equal(WorkerStates.Disabled, (await _redis.RegisterAsync("w2")).State);
    }

    [Fact]
    public async Task Register_brings_an_offline_worker_back_online()
    {
        await _redis.RegisterAsync("w1");
        await _redis.Registry.SetStateAsync(RedisScope.Domain, "w1", WorkerStates.Offline, CancellationToken.None);

        Assert.Equal(WorkerStates.Online, (await _redis.RegisterAsync("w1")).State);
    }

    [Fact]
    public async Task Register_returns_the_runs_a_previous_life_left_in_flight()
    {
        await _redis.RegisterAsync("w1");
        await _redis.DispatchAsync(RedisScope.Run("r1"));
        await _redis.DispatchAsync(RedisScope.Run("r2"));
        Assert.NotNull(await _redis.Claimer.ClaimAsync(RedisScope.Domain, "w1", 0, "lease-1", CancellationToken.None));

        var again = await _redis.RegisterAsync("w1");

        Assert.Equal(["r1"], again.PreviousInflight);
    }

    [Fact]
    public async Task Heartbeat_moves_the_score_to_redis_time_and_returns_the_state()
    {
        await _redis.RegisterAsync("w1");
        await _redis.Db.SortedSetAddAsync(_redis.Keys.Heartbeats(RedisScope.Domain), "w1", 1_000);
        await _redis.Registry.SetStateAsync(RedisScope.Domain, "w1", WorkerStates.Draining, CancellationToken.None);

        var before = await _redis.RedisNowMsAsync();
        var reply = await _redis.Registry.HeartbeatAsync(RedisScope.Domain, "w1", CancellationToken.None);

        Assert.Equal(WorkerStates.Draining, reply.State);
        Assert.NotNull(reply.ServerTime);
        var score = (long)(await _redis.Db.SortedSetScoreAsync(_redis.Keys.Heartbeats(RedisScope.Domain), "w1"))!.Value;
        Assert.Equal(reply.ServerTime.Value.ToUnixTimeMilliseconds(), score);
        Assert.True(score >= before - 1, $"score {score} is older than Redis TIME {before}");
    }

    [Fact]
    public async Task Heartbeat_of_a_worker_redis_no_longer_knows_answers_unknown_and_writes_nothing()
    {
        var reply = await _redis.Registry.HeartbeatAsync(RedisScope.Domain, "ghost", CancellationToken.None);

        Assert.Equal(WorkerStates.Unknown, reply.State);
        Assert.Null(reply.ServerTime);
        Assert.Null(await _redis.Db.SortedSetScoreAsync(_redis.Keys.Heartbeats(RedisScope.Domain), "ghost"));
    }

    [Fact]
    public async Task SetState_is_false_for_an_unknown_worker_and_rejects_words_that_are_not_states()
    {
        Assert.False(await _redis.Registry.SetStateAsync(RedisScope.Domain, "ghost", WorkerStates.Draining, CancellationToken.None));
        Assert.False(await _redis.Db.KeyExistsAsync(_redis.Keys.Worker(RedisScope.Domain, "ghost")));
        await Assert.ThrowsAsync<ArgumentException>(() => _redis.Registry.SetStateAsync(RedisScope.Domain, "ghost", "paused", CancellationToken.None));
    }

    [Fact]
    public async Task List_reports_computed_running_heartbeat_age_on_redis_time_and_freshness()
    {
        await _redis.RegisterAsync("w1", max: 4);
        await _redis.RegisterAsync("w2");
        await _redis.DispatchAsync(RedisScope.Run("r1"));
        await _redis.DispatchAsync(RedisScope.Run("r2"));
        await _redis.DispatchAsync(RedisScope.Run("r3"));
        await _redis.Claimer.ClaimAsync(RedisScope.Domain, "w1", 0, "lease", CancellationToken.None);
        var stale = await _redis.RedisNowMsAsync() - 60_000;
        await _redis.Db.SortedSetAddAsync(_redis.Keys.Heartbeats(RedisScope.Domain), "w2", stale);

        var workers = await _redis.Registry.ListAsync(RedisScope.Domain, RedisScope.Ttl, CancellationToken.None);

        Assert.Equal(["w1", "w2"], workers.Select(w => w.WorkerId));
        var w1 = workers[0];
        var w2 = workers[1];
        // r1 → w1 (0/4 = 0/2, tie broken by id), r2 → w2 (0/2 < 1/4), r3 → w1 (1/4 < 1/2); r1 was claimed.
        Assert.Equal(["r3"], w1.QueuedRunIds);
        Assert.Equal(["r1"], w1.InflightRunIds);
        Assert.Equal(2, w1.Running);
        Assert.Equal(["r2"], w2.QueuedRunIds);
        Assert.Equal(1, w2.Running);
        Assert.True(w1.Fresh);
        Assert.InRange(w1.HeartbeatAge, TimeSpan.Zero, RedisScope.Ttl);
        Assert.False(w2.Fresh);
        Assert.InRange(w2.HeartbeatAge, TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(70));
        Assert.Equal(stale, w2.LastHeartbeat.ToUnixTimeMilliseconds());
        Assert.Equal(4, w1.MaxConcurrency);
        Assert.Equal("linux", w1.Os);
    }
}
