using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Hydra.Shared.Redis;

namespace Hydra.Functions.Events;

/// <summary>
/// Where a follower of the event stream is, opaque to clients (it travels as the SSE <c>id:</c> and comes back as
/// <c>Last-Event-ID</c>). Following one domain, it is that stream's entry id (<c>ms-seq</c>). Following every domain
/// (an admin that named none), one id per domain: base64url of a JSON object <c>{domain: id}</c>; a domain missing
/// from it appeared after the cursor was made and is read from its oldest retained event.
/// No cursor at all means "from now": the first answer resolves it to the streams' newest ids; <c>0</c> means "from
/// the oldest retained event" in either view.
/// </summary>
internal sealed class EventCursor
{
    private const string CompositeMark = "c.";

    private EventCursor(StreamId? single, IReadOnlyDictionary<string, StreamId>? perDomain)
    {
        Single = single;
        PerDomain = perDomain;
    }

    /// <summary>A one-domain cursor.</summary>
    public StreamId? Single { get; }

    /// <summary>An every-domain cursor.</summary>
    public IReadOnlyDictionary<string, StreamId>? PerDomain { get; }

    public static EventCursor ForDomain(StreamId id) => new(id, null);

    public static EventCursor ForAll(IReadOnlyDictionary<string, StreamId> ids) =>
        new(null, new SortedDictionary<string, StreamId>(ids.ToDictionary(), StringComparer.Ordinal));

    /// <summary>Null for an absent cursor ("from now"); throws <see cref="FormatException"/> for one we never issued.</summary>
    public static EventCursor? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (StreamId.TryParse(text, out var id))
        {
            return ForDomain(id);
        }

        if (!text.StartsWith(CompositeMark, StringComparison.Ordinal) || text.Length > 16_384)
        {
            throw new FormatException("is not a cursor this server issued");
        }

        try
        {
            var json = Base64Url.DecodeFromChars(text.AsSpan(CompositeMark.Length));
            var raw = JsonSerializer.Deserialize(json, EventsJsonContext.Default.DictionaryStringString)
                ?? throw new FormatException("is not a cursor this server issued");
            var ids = new Dictionary<string, StreamId>(StringComparer.Ordinal);
            foreach (var (domain, value) in raw)
            {
                ids[domain] = StreamId.TryParse(value, out var domainId) ? domainId : throw new FormatException("is not a cursor this server issued");
            }

            return ForAll(ids);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new FormatException("is not a cursor this server issued", e);
        }
    }

    public override string ToString()
    {
        if (Single is { } id)
        {
            return id.ToString();
        }

        var raw = PerDomain!.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var json = JsonSerializer.SerializeToUtf8Bytes(raw, EventsJsonContext.Default.DictionaryStringString);
        return CompositeMark + Base64Url.EncodeToString(json);
    }
}
