using Hydra.Shared.Redis;
using StackExchange.Redis;

namespace Hydra.Functions.Domains;

/// <summary>
/// Removes every Redis key of a deleted domain (<c>P:{d}:*</c>: workers, queues, runs, logs) by SCAN on each server,
/// then leaves the token tombstone so the domain's workers are refused. SCAN, not KEYS: it never blocks Redis.
/// Its workers learn of it at their next heartbeat (refused) and exit.
/// </summary>
internal sealed class DomainPurge(IConnectionMultiplexer redis, LuaScripts scripts, DomainTokens tokens)
{
    private const int PageSize = 500;

    public async Task<int> PurgeAsync(string domain, CancellationToken ct)
    {
        // Refuse the workers first, so nothing is dispatched to them while their keys go.
        await tokens.PublishDeletedAsync(domain, ct);
        var tokenKey = (string)scripts.Keys.DomainToken(domain)!;
        var pattern = EscapeGlob(scripts.Keys.DomainBase(domain)) + "*";
        var database = scripts.Database;
        var removed = 0;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsConnected)
            {
                continue;
            }

            var batch = new List<RedisKey>(PageSize);
            foreach (var key in server.Keys(database.Database, pattern, PageSize))
            {
                ct.ThrowIfCancellationRequested();
                if ((string)key! != tokenKey)
                {
                    batch.Add(key);
                }

                if (batch.Count == PageSize)
                {
                    removed += (int)await database.KeyDeleteAsync([.. batch]);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                removed += (int)await database.KeyDeleteAsync([.. batch]);
            }
        }

        return removed;
    }

    /// <summary>A domain base holds '{' and '}' (and a prefix may hold '*', '?', '['), which are glob syntax for SCAN MATCH.</summary>
    private static string EscapeGlob(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
