using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>
/// Runs the protocol's scripts on one connection: each is loaded once (SCRIPT LOAD on the node that owns the
/// keys' slot) and then called by SHA (EVALSHA), so a call sends the arguments only. A Redis restart or failover
/// empties the server's script cache; the NOSCRIPT that follows reloads the script and retries the call once.
/// One instance per connection, shared by every facade.
/// </summary>
internal sealed class LuaScripts
{
    private readonly IConnectionMultiplexer _connection;
    private readonly ConcurrentDictionary<string, byte[]> _hashes = new(StringComparer.Ordinal);

    public LuaScripts(IConnectionMultiplexer connection, RedisKeys keys)
    {
        _connection = connection;
        Keys = keys;
        Database = connection.GetDatabase();
    }

    public RedisKeys Keys { get; }

    public IDatabase Database { get; }

    /// <summary>
    /// Runs a script. Cancellation is checked before the round trip only: once sent, a script that changes state
    /// runs to completion, and its caller must learn the result rather than abandon it half-known.
    /// </summary>
    public async Task<RedisResult> EvaluateAsync(string name, RedisKey[] keys, RedisValue[] args, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var hash = _hashes.TryGetValue(name, out var known) ? known : await LoadAsync(name, keys);
        try
        {
            return await Database.ScriptEvaluateAsync(hash, keys, args);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            hash = await LoadAsync(name, keys);
            return await Database.ScriptEvaluateAsync(hash, keys, args);
        }
    }

    /// <summary>Test seam: makes the next call use a hash the server has never seen, as after a Redis restart.</summary>
    internal void ForgetOnServer(string name) => _hashes[name] = new byte[20];

    private async Task<byte[]> LoadAsync(string name, RedisKey[] keys)
    {
        // In a cluster the script must be in the cache of the node that runs it: the master of the keys' slot.
        var endpoint = keys.Length > 0 ? await Database.IdentifyEndpointAsync(keys[0]) : null;
        endpoint ??= _connection.GetEndPoints()[0];
        var hash = await _connection.GetServer(endpoint).ScriptLoadAsync(LuaSource.Get(name));
        _hashes[name] = hash;
        return hash;
    }
}
