using Hydra.Shared.Redis;

namespace Hydra.Tests.Redis;

public sealed class LuaScriptsTests : IAsyncLifetime
{
    private readonly RedisScope _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Every_script_compiles_on_the_real_server_with_its_includes()
    {
        var server = _redis.Connection.GetServer(_redis.Connection.GetEndPoints()[0]);
        foreach (var name in LuaSource.Scripts)
        {
            var text = LuaSource.Get(name);
            var hash = await server.ScriptLoadAsync(text);
            Assert.Equal(20, hash.Length);
        }

        Assert.Contains("local function hydra_pick", LuaSource.Get(LuaSource.Dispatch), StringComparison.Ordinal);
        Assert.Contains("local function hydra_pick", LuaSource.Get(LuaSource.PlacePending), StringComparison.Ordinal);
        Assert.DoesNotContain("hydra_pick", LuaSource.Get(LuaSource.Claim), StringComparison.Ordinal);
        Assert.Contains("local function hydra_now_ms", LuaSource.Get(LuaSource.Claim), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_the_server_forgot_is_reloaded_on_NOSCRIPT_and_the_call_succeeds()
    {
        await _redis.RegisterAsync("w1");
        _redis.Scripts.ForgetOnServer(LuaSource.Heartbeat);

        var reply = await _redis.Registry.HeartbeatAsync(RedisScope.Domain, "w1", CancellationToken.None);

        Assert.Equal(WorkerStates.Online, reply.State);
        // And the reloaded hash is cached: the next call goes straight through.
        Assert.Equal(WorkerStates.Online, (await _redis.Registry.HeartbeatAsync(RedisScope.Domain, "w1", CancellationToken.None)).State);
    }

    [Fact]
    public async Task A_cancelled_token_stops_a_call_before_it_is_sent()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _redis.Registry.RegisterAsync(RedisScope.Worker("w1"), cts.Token));
        Assert.False(await _redis.Db.KeyExistsAsync(_redis.Keys.Worker(RedisScope.Domain, "w1")));
    }
}
