using Hydra.Shared.Redis;

namespace Hydra.Tests.Redis;

public sealed class LiveLogTests : IAsyncLifetime
{
    private readonly RedisScope _redis = new();
    private const string D = RedisScope.Domain;

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Append_adds_a_batch_in_order_and_read_pages_after_an_id()
    {
        var log = new LiveLog(_redis.Scripts);
        var before = await _redis.RedisNowMsAsync();

        var last = await log.AppendAsync(D, "r1", [("stdout", "one\n"), ("stderr", "two\n"), ("stdout", "three\n")], CancellationToken.None);

        var all = await log.ReadAsync(D, "r1", null, 100, CancellationToken.None);
        Assert.Equal(["stdout:one\n", "stderr:two\n", "stdout:three\n"], all.Select(e => $"{e.Stream}:{e.Text}"));
        Assert.Equal(last, all[^1].Id);
        Assert.All(all, e => Assert.InRange(e.Timestamp.ToUnixTimeMilliseconds(), before - 1, before + 60_000));

        var page = await log.ReadAsync(D, "r1", all[0].Id, 1, CancellationToken.None);
        Assert.Equal("two\n", Assert.Single(page).Text);
        Assert.Empty(await log.ReadAsync(D, "r1", last, 100, CancellationToken.None));
    }

    [Fact]
    public async Task The_log_is_bounded_and_expires()
    {
        var log = new LiveLog(_redis.Scripts, maxEntries: 10, retention: TimeSpan.FromMinutes(5));
        var chunks = Enumerable.Range(0, 500).Select(i => ("stdout", $"line {i}\n")).ToList();

        await log.AppendAsync(D, "r1", chunks, CancellationToken.None);

        var key = _redis.Keys.Log(D, "r1");
        var length = (long)await _redis.Db.ExecuteLengthOfStreamAsync(key);
        // MAXLEN ~ trims whole macro nodes (100 entries by default), so "about 10" means well under 500.
        Assert.InRange(length, 10, 200);
        var ttl = await _redis.Db.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        var tail = await log.ReadAsync(D, "r1", null, 1000, CancellationToken.None);
        Assert.Equal("line 499\n", tail[^1].Text);
    }

    [Fact]
    public async Task Reading_a_log_that_does_not_exist_is_empty()
    {
        var log = new LiveLog(_redis.Scripts);

        Assert.Empty(await log.ReadAsync(D, "nothing", null, 10, CancellationToken.None));
        Assert.Null(await log.AppendAsync(D, "nothing", [], CancellationToken.None));
    }
}

internal static class StreamProbe
{
    /// <summary>XLEN through Lua: 1.2.6 has neither a stream API nor Execute.</summary>
    public static async Task<long> ExecuteLengthOfStreamAsync(this StackExchange.Redis.IDatabase db, StackExchange.Redis.RedisKey key) =>
        (long)await db.ScriptEvaluateAsync("return redis.call('XLEN', KEYS[1])", [key]);
}
