using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>
/// <c>P:domains</c>: every domain that has ever had a worker or a run, so sweeps know which domains to visit.
/// It sits outside every domain's hash tag (it would be a cross-slot key in a cluster), so it is written by its
/// own SADD pipelined beside the script instead of inside it. Adding is idempotent; a domain is never removed
/// here (an empty domain costs a sweep one cheap visit).
/// </summary>
internal sealed class DomainSet(LuaScripts scripts)
{
    /// <summary>Sent without waiting so it shares the round trip of the script issued right after it.</summary>
    public Task<bool> AddAsync(string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        return scripts.Database.SetAddAsync(scripts.Keys.Domains, domain);
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var members = await scripts.Database.SetMembersAsync(scripts.Keys.Domains).WaitAsync(ct);
        return [.. members.Select(m => (string)m!).Order(StringComparer.Ordinal)];
    }
}
