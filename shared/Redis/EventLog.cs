using System.Globalization;
using Hydra.Shared.Events;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>One entry of a domain's event stream. <see cref="PayloadJson"/> is the JSON object the producer wrote.</summary>
internal sealed record StoredEvent(StreamId Id, string Domain, string Type, string PayloadJson, DateTimeOffset Timestamp);

/// <summary>
/// A read of a domain's event stream: the entries after the cursor and the stream's edges.
/// <see cref="Trimmed"/>: events after the cursor were removed by the length bound before the reader saw them, so
/// the reader must start over (a <c>reset</c>); <see cref="Events"/> is then empty.
/// </summary>
internal sealed record EventRead(IReadOnlyList<StoredEvent> Events, StreamId? Oldest, StreamId? Newest, bool Trimmed);

/// <summary>
/// A domain's event stream, <c>P:{d}:events</c>: every state change appends to it, bounded by MAXLEN ~
/// (default 10,000 entries), and each append publishes the domain on <c>P:wake:events</c> so waiting readers wake
/// at once. Appends are batched (one round trip per batch) and stamped with Redis TIME. 1.2.6 has no stream API:
/// both directions are Lua (events_append.lua, events_read.lua).
/// </summary>
internal sealed class EventLog(LuaScripts scripts, int maxLength = EventLog.DefaultMaxLength)
{
    public const int DefaultMaxLength = 10_000;
    private readonly DomainSet _domains = new(scripts);

    public int MaxLength { get; } = maxLength > 0 ? maxLength : throw new ArgumentOutOfRangeException(nameof(maxLength));

    /// <summary>HYDRA_EVENTS_MAX_LENGTH, or the default when unset.</summary>
    public static int MaxLengthFrom(string? setting) =>
        string.IsNullOrWhiteSpace(setting) ? DefaultMaxLength
        : int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw new InvalidOperationException($"HYDRA_EVENTS_MAX_LENGTH must be a positive whole number, not '{setting}'.");

    /// <summary>Appends the events in order, in one round trip; returns their ids (none for an empty batch).</summary>
    public async Task<IReadOnlyList<StreamId>> AppendAsync(string domain, IReadOnlyList<EventDraft> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }

        var args = new RedisValue[3 + (2 * events.Count)];
        args[0] = MaxLength;
        args[1] = scripts.Keys.EventsWake.ToString();
        args[2] = domain;
        for (var i = 0; i < events.Count; i++)
        {
            args[3 + (2 * i)] = events[i].Type;
            args[4 + (2 * i)] = events[i].Payload.ToJsonString();
        }

        // An admin following every domain discovers them in P:domains; a domain whose first event is job_created has
        // no worker or run yet to have put it there. Pipelined beside the script, as the dispatch does.
        var added = _domains.AddAsync(domain);
        var result = await scripts.EvaluateAsync(LuaSource.EventsAppend, [scripts.Keys.Events(domain)], args, ct);
        await added;
        return [.. ScriptReplies.Strings(result).Select(StreamId.Parse)];
    }

    /// <summary>
    /// Up to <paramref name="max"/> events strictly after <paramref name="after"/> (<see cref="StreamId.Zero"/>: from
    /// the oldest retained, never trimmed). <paramref name="max"/> 0 reads the edges only.
    /// </summary>
    public async Task<EventRead> ReadAsync(string domain, StreamId after, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var start = after == StreamId.Zero ? "-" : "(" + after;
        var result = await scripts.EvaluateAsync(LuaSource.EventsRead, [scripts.Keys.Events(domain)], [start, max], ct).WaitAsync(ct);
        var parts = (RedisResult[])result!;
        var oldest = Id((string?)parts[0]);
        var oldestPrev = Id((string?)parts[1]);
        var newest = Id((string?)parts[2]);

        // Trimmed iff the entry before the oldest retained one is after the cursor: the reader never saw it.
        if (after != StreamId.Zero && oldestPrev is { } prev && after < prev)
        {
            return new EventRead([], oldest, newest, Trimmed: true);
        }

        var events = new List<StoredEvent>();
        foreach (var entry in (RedisResult[])parts[3]!)
        {
            var pair = (RedisResult[])entry!;
            var fields = ScriptReplies.Hash(pair[1]);
            events.Add(new StoredEvent(
                StreamId.Parse((string)pair[0]!),
                domain,
                fields.GetValueOrDefault("type", ""),
                fields.GetValueOrDefault("payload", "{}"),
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(fields.GetValueOrDefault("ts", "0"), NumberStyles.Integer, CultureInfo.InvariantCulture))));
        }

        return new EventRead(events, oldest, newest, Trimmed: false);
    }

    private static StreamId? Id(string? text) => StreamId.TryParse(text, out var id) && id != StreamId.Zero ? id : null;
}
