using System.Globalization;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>One chunk of a run's live output.</summary>
internal sealed record LogEntry(string Id, string Stream, string Text, DateTimeOffset Timestamp);

/// <summary>
/// A run's live output: a Redis stream per run, bounded (MAXLEN ~) and expiring once nobody appends. Workers append
/// batches of chunks while a process runs; GET /api/runs/{id}/stream reads after the last id it sent. The store keeps
/// the captured output, so losing the live log loses only the live view. 1.2.6 has no stream API: both are Lua.
/// </summary>
internal sealed class LiveLog(LuaScripts scripts, int maxEntries = LiveLog.DefaultMaxEntries, TimeSpan? retention = null)
{
    public const int DefaultMaxEntries = 10_000;
    private readonly long _retentionSeconds = (long)(retention ?? TimeSpan.FromHours(24)).TotalSeconds;

    /// <summary>Appends the chunks in order in one round trip; returns the last entry's id (null when none were given).</summary>
    public async Task<string?> AppendAsync(string domain, string runId, IReadOnlyList<(string Stream, string Text)> chunks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0)
        {
            return null;
        }

        var args = new RedisValue[2 + (2 * chunks.Count)];
        args[0] = maxEntries;
        args[1] = _retentionSeconds;
        for (var i = 0; i < chunks.Count; i++)
        {
            args[2 + (2 * i)] = chunks[i].Stream;
            args[3 + (2 * i)] = chunks[i].Text;
        }

        var result = await scripts.EvaluateAsync(LuaSource.LogAppend, [scripts.Keys.Log(domain, runId)], args, ct);
        // Wakes GET /api/runs/{id}/stream readers waiting on this run. Sent after the append has answered, so a woken
        // reader finds the chunks; fire-and-forget: a lost wake-up only delays a reader to its next long-poll.
        await scripts.Database.PublishAsync(scripts.Keys.LogWake, runId + " " + domain, CommandFlags.FireAndForget);
        return (string?)result;
    }

    /// <summary>Up to <paramref name="max"/> entries after <paramref name="afterId"/> (null: from the start).</summary>
    public async Task<IReadOnlyList<LogEntry>> ReadAsync(string domain, string runId, string? afterId, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var start = string.IsNullOrEmpty(afterId) ? "-" : "(" + afterId;
        var result = await scripts.EvaluateAsync(LuaSource.LogRead, [scripts.Keys.Log(domain, runId)], [start, max], ct).WaitAsync(ct);

        var entries = new List<LogEntry>();
        foreach (var entry in (RedisResult[])result!)
        {
            var parts = (RedisResult[])entry!;
            var fields = ScriptReplies.Hash(parts[1]);
            entries.Add(new LogEntry(
                (string)parts[0]!,
                fields.GetValueOrDefault("stream", "stdout"),
                fields.GetValueOrDefault("text", ""),
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(fields.GetValueOrDefault("ts", "0"), NumberStyles.Integer, CultureInfo.InvariantCulture))));
        }

        return entries;
    }
}
