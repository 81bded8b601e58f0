using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>
/// Opens the one connection an app (function app or worker host) keeps for its lifetime, and the script runner that
/// goes with it. With AbortOnConnectFail off, a Redis that is down at start yields a connection that reconnects on
/// its own; calls fail fast (RedisConnectionException) until then, which the apps answer with 503 or a retry.
/// </summary>
internal static class RedisConnection
{
    public static async Task<IConnectionMultiplexer> ConnectAsync(string redisUrl, string clientName, CancellationToken ct)
    {
        var options = RedisUrl.Parse(redisUrl);
        options.ClientName = clientName;
        ct.ThrowIfCancellationRequested();
        var connecting = ConnectionMultiplexer.ConnectAsync(options);
        try
        {
            return await connecting.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // The connect goes on after we stop waiting; close what it opens instead of leaking its sockets.
            _ = connecting.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>The scripts of one connection under one key prefix; facades share it.</summary>
    public static LuaScripts Scripts(IConnectionMultiplexer connection, string keyPrefix = RedisKeys.DefaultPrefix) =>
        new(connection, new RedisKeys(keyPrefix));
}
