using System.Text.Json;
using Hydra.Shared.Jobs;
using Hydra.Shared.Redis;
using StackExchange.Redis;

namespace Hydra.Tests.Redis;

public sealed class DispatchTests : IAsyncLifetime
{
    private readonly RedisScope _redis = new();
    private const string D = RedisScope.Domain;

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Dispatch_picks_the_lowest_load_over_max_then_the_lowest_load_then_the_worker_id()
    {
        await _redis.RegisterAsync("a", max: 4);
        await _redis.RegisterAsync("b", max: 2);
        await _redis.RegisterAsync("c", max: 4);
        // Pre-load: a 2/4, b 1/2 (same ratio, lower load wins: b), c 3/4.
        await _redis.Db.ListRightPushAsync(_redis.Keys.Queue(D, "a"), ["x1", "x2"]);
        await _redis.Db.ListRightPushAsync(_redis.Keys.Inflight(D, "b"), "y1");
        await _redis.Db.ListRightPushAsync(_redis.Keys.Queue(D, "c"), ["z1", "z2", "z3"]);

        Assert.Equal("b", (await _redis.DispatchAsync(RedisScope.Run("r1"))).WorkerId);
        // Now a 2/4 beats b 2/2 (full) and c 3/4.
        Assert.Equal("a", (await _redis.DispatchAsync(RedisScope.Run("r2"))).WorkerId);
        // a 3/4 and c 3/4 tie on ratio and load: the id decides.
        Assert.Equal("a", (await _redis.DispatchAsync(RedisScope.Run("r3"))).WorkerId);
    }

    [Fact]
    public async Task Dispatch_pushes_to_the_queue_marks_the_run_dispatched_and_stores_the_payload()
    {
        await _redis.RegisterAsync("w1");

        var result = await _redis.DispatchAsync(RedisScope.Run("r1", priority: 7));

        Assert.Equal(new DispatchResult(DispatchOutcome.Dispatched, "w1", RedisRunState.Dispatched), result);
        Assert.Equal(["r1"], await _redis.ListAsync(_redis.Keys.Queue(D, "w1")));
        Assert.Equal(RedisRunState.Dispatched, await _redis.RunFieldAsync("r1", "status"));
        Assert.Equal("w1", await _redis.RunFieldAsync("r1", "worker"));
        Assert.Equal("7", await _redis.RunFieldAsync("r1", "priority"));
        using var payload = JsonDocument.Parse((await _redis.RunFieldAsync("r1", "payload"))!);
        Assert.Equal("job-r1", payload.RootElement.GetProperty("job_id").GetString());
        Assert.Equal("echo r1", payload.RootElement.GetProperty("executor").GetProperty("script").GetString());
        Assert.False(payload.RootElement.TryGetProperty("lease_token", out _), "nulls are left out of the payload");
    }

    [Fact]
    public async Task Dispatch_is_idempotent_per_run_id()
    {
        await _redis.RegisterAsync("w1");
        await _redis.RegisterAsync("w2");
        Assert.Equal("w1", (await _redis.DispatchAsync(RedisScope.Run("r1"))).WorkerId);

        var again = await _redis.DispatchAsync(RedisScope.Run("r1"));

        Assert.Equal(new DispatchResult(DispatchOutcome.AlreadyKnown, "w1", RedisRunState.Dispatched), again);
        Assert.Equal(["r1"], await _redis.ListAsync(_redis.Keys.Queue(D, "w1")));
        Assert.Empty(await _redis.ListAsync(_redis.Keys.Queue(D, "w2")));
    }

    [Fact]
    public async Task Dispatch_skips_workers_that_are_draining_disabled_offline_stale_or_full()
    {
        foreach (var id in new[] { "draining", "disabled", "offline", "stale", "full", "ok" })
        {
            await _redis.RegisterAsync(id, max: 1);
        }

        await _redis.Registry.SetStateAsync(D, "draining", WorkerStates.Draining, CancellationToken.None);
        await _redis.Registry.SetStateAsync(D, "disabled", WorkerStates.Disabled, CancellationToken.None);
        await _redis.Registry.SetStateAsync(D, "offline", WorkerStates.Offline, CancellationToken.None);
        await _redis.Db.SortedSetAddAsync(_redis.Keys.Heartbeats(D), "stale", await _redis.RedisNowMsAsync() - 11_000);
        await _redis.Db.ListRightPushAsync(_redis.Keys.Inflight(D, "full"), "busy");

        Assert.Equal("ok", (await _redis.DispatchAsync(RedisScope.Run("r1"))).WorkerId);
        Assert.Equal(DispatchOutcome.Pending, (await _redis.DispatchAsync(RedisScope.Run("r2"))).Outcome);
    }

    public static TheoryData<string, string[], string?, string> AffinityCases => new()
    {
        // affinity (JSON), worker ids registered, job user, expected worker ("" = pending)
        { """{"os":["WINDOWS"]}""", ["lin", "win"], null, "win" },
        { """{"os":["macos"]}""", ["lin", "win"], null, "" },
        { """{"tags":["gpu","Big"]}""", ["lin", "gpu", "gpubig"], null, "gpubig" },
        { """{"tags":["gpu"]}""", ["lin", "win"], null, "" },
        { """{"hostnames":["WIN.example"]}""", ["lin", "win"], null, "win" },
        { """{"hostnames":["other.example"]}""", ["lin", "win"], null, "" },
        // A worker with allowed_users takes only those users' jobs (lin allows rich; win allows anyone).
        { "{}", ["lin"], "rich", "lin" },
        { "{}", ["lin"], "eve", "" },
        { "{}", ["lin"], null, "" },
        { "{}", ["lin", "win"], "eve", "win" },
        // The job's own allowed_users must contain its user.
        { """{"allowed_users":["rich"]}""", ["win"], "rich", "win" },
        { """{"allowed_users":["rich"]}""", ["win"], "eve", "" },
        { """{"os":[],"tags":[],"hostnames":[],"allowed_users":[]}""", ["win"], null, "win" },
    };

    [Theory]
    [MemberData(nameof(AffinityCases))]
    public async Task Dispatch_respects_each_affinity_rule(string affinityJson, string[] workers, string? user, string expected)
    {
        var fleet = new Dictionary<string, WorkerRegistration>
        {
            ["lin"] = RedisScope.Worker("lin", os: "linux", users: ["rich"], hostname: "lin.example"),
            ["win"] = RedisScope.Worker("win", os: "Windows", hostname: "win.example"),
            ["gpu"] = RedisScope.Worker("gpu", tags: ["GPU"]),
            ["gpubig"] = RedisScope.Worker("gpubig", tags: ["gpu", "big", "fast"]),
        };
        foreach (var id in workers)
        {
            await _redis.Registry.RegisterAsync(fleet[id], CancellationToken.None);
        }

        var affinity = JsonSerializer.Deserialize<AffinitySpec>(affinityJson, RedisJson.Options);
        var result = await _redis.DispatchAsync(RedisScope.Run("r1", affinity, user));

        Assert.Equal(expected == "" ? null : expected, result.WorkerId);
        Assert.Equal(expected == "" ? DispatchOutcome.Pending : DispatchOutcome.Dispatched, result.Outcome);
    }

    [Fact]
    public async Task Dispatch_without_an_eligible_worker_leaves_the_run_pending_by_priority_then_age()
    {
        await _redis.DispatchAsync(RedisScope.Run("low-old", priority: 1, enqueuedMs: 1_000));
        await _redis.DispatchAsync(RedisScope.Run("high-new", priority: 9, enqueuedMs: 9_000));
        await _redis.DispatchAsync(RedisScope.Run("high-old", priority: 9, enqueuedMs: 2_000));
        var result = await _redis.DispatchAsync(RedisScope.Run("top", priority: 100, enqueuedMs: 99_000));

        Assert.Equal(new DispatchResult(DispatchOutcome.Pending, null, RedisRunState.Pending), result);
        var order = await _redis.Db.SortedSetRangeByRankWithScoresAsync(_redis.Keys.Pending(D));
        Assert.Equal(["top", "high-old", "high-new", "low-old"], order.Select(e => (string)e.Element!));
        // The score is exact: priority and age both recoverable.
        Assert.Equal((100 - 9) * Math.Pow(2, 42) + 2_000, order[1].Score);
        Assert.Equal(RedisRunState.Pending, await _redis.RunFieldAsync("top", "status"));
    }

    [Fact]
    public async Task Dispatch_publishes_a_wake_on_the_chosen_workers_channel()
    {
        await _redis.RegisterAsync("w1");
        var woken = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriber = _redis.Connection.GetSubscriber();
        var channel = _redis.Keys.WorkerWake(D, "w1");
        await subscriber.SubscribeAsync(channel, (_, message) => woken.TrySetResult(message!));
        try
        {
            await _redis.DispatchAsync(RedisScope.Run("r1"));

            Assert.Equal("r1", await woken.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        finally
        {
            await subscriber.UnsubscribeAsync(channel);
        }
    }

    [Fact]
    public async Task FindUnknown_returns_the_ids_redis_has_no_run_for()
    {
        await _redis.DispatchAsync(RedisScope.Run("known-1"));
        await _redis.DispatchAsync(RedisScope.Run("known-2"));

        var unknown = await _redis.Dispatcher.FindUnknownAsync(D, ["known-1", "lost-1", "known-2", "lost-2"], CancellationToken.None);

        Assert.Equal(["lost-1", "lost-2"], unknown);
        Assert.Empty(await _redis.Dispatcher.FindUnknownAsync(D, [], CancellationToken.None));
    }

    [Fact]
    public async Task Dispatch_records_the_domain_for_the_sweeps()
    {
        await _redis.DispatchAsync(RedisScope.Run("r1"));

        Assert.Equal([D], await new DomainSet(_redis.Scripts).ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Keys_carry_the_domain_hash_tag_so_a_domain_stays_on_one_cluster_slot()
    {
        var keys = _redis.Keys;
        RedisKey[] domainKeys =
        [
            keys.Worker(D, "w"), keys.Heartbeats(D), keys.Queue(D, "w"), keys.Inflight(D, "w"), keys.Run(D, "r"),
            keys.Pending(D), keys.Ingest(D), keys.IngestSequence(D), keys.Log(D, "r"),
        ];

        Assert.Equal(_redis.Prefix + ":{acme}:queue:w", (string)keys.Queue(D, "w")!);
        Assert.Single(domainKeys.Select(k => _redis.Connection.HashSlot(k)).Distinct());
        Assert.Throws<ArgumentException>(() => keys.Run("bad}domain", "r"));
    }
}
