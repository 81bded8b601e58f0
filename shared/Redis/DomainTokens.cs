namespace Hydra.Shared.Redis;

/// <summary>
/// The domain → token-hash map workers are checked against, one key per domain (<c>P:{d}:token</c>, in the domain's
/// cluster slot so register.lua and heartbeat.lua can read it). Written by the function app only: on create, rotate
/// and delete, and by its periodic sync from the store (which also restores it after Redis lost its data).
/// Publishing a hash refuses, in the same script, every registered worker of the domain whose hash differs.
/// </summary>
internal sealed class DomainTokens(LuaScripts scripts)
{
    /// <summary>The tombstone of a deleted domain: no token hashes to it, so its workers are refused.</summary>
    public const string Deleted = "deleted";

    /// <summary>Publishes the domain's current token hash; returns how many registered workers it refused.</summary>
    public async Task<int> PublishAsync(string domain, string tokenHash, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        var keys = scripts.Keys;
        var result = await scripts.EvaluateAsync(
            LuaSource.DomainToken,
            [keys.DomainToken(domain), keys.Heartbeats(domain)],
            [tokenHash, keys.DomainBase(domain)],
            ct);
        return (int)result;
    }

    public Task<int> PublishDeletedAsync(string domain, CancellationToken ct) => PublishAsync(domain, Deleted, ct);

    public async Task<string?> GetAsync(string domain, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var value = await scripts.Database.StringGetAsync(scripts.Keys.DomainToken(domain)).WaitAsync(ct);
        return value.IsNull ? null : (string?)value;
    }
}
