using Hydra.Shared.Redis;

namespace Hydra.Functions.Events;

/// <summary>One event as a follower receives it, with the cursor that resumes right after it.</summary>
internal sealed record FeedItem(StoredEvent Event, string Cursor);

/// <summary>
/// An answer to a follower: the events after its cursor (in order, at most the limit), the cursor to resume from,
/// and whether it must start over (<see cref="Reset"/>: its cursor fell out of the retained window, or belongs to
/// another view; <see cref="Next"/> then points at the streams' newest entries).
/// </summary>
internal sealed record FeedPage(IReadOnlyList<FeedItem> Items, EventCursor Next, bool Reset);

/// <summary>
/// Reads a domain's event stream, or every domain's, after a cursor, waiting up to a deadline for the first events.
/// Exactly-once across reconnects follows from reading strictly after the cursor (exclusive XRANGE) in stream order;
/// the wait arms its wake-up before each read, so an event appended meanwhile is never slept through.
/// </summary>
internal sealed class EventFeed(SharedEventReads log, DomainSet domains, WakeSignals signals, TimeProvider time)
{
    public async Task<FeedPage> ReadAsync(string? scope, EventCursor? cursor, TimeSpan wait, int max, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            using var ticket = signals.Arm(scope is null ? WakeSignals.AllDomains : WakeSignals.Domain(scope));
            var page = scope is null ? await ReadAllAsync(cursor, max, ct) : await ReadDomainAsync(scope, cursor, max, ct);
            if (page.Items.Count > 0 || page.Reset)
            {
                return page;
            }

            // "From now" is resolved to concrete ids by the first read, so what arrives while we wait is after it.
            cursor = page.Next;
            if (!await WakeWait.AnyAsync([ticket], deadline - time.GetUtcNow(), time, ct))
            {
                return page;
            }
        }
    }

    private async Task<FeedPage> ReadDomainAsync(string domain, EventCursor? cursor, int max, CancellationToken ct)
    {
        StreamId? position = cursor switch
        {
            null => null,
            { Single: { } id } => id,
            // An every-domain cursor brought to a one-domain view: resume that domain when it has an entry.
            { PerDomain: { } ids } => ids.TryGetValue(domain, out var id) ? id : null,
            _ => null,
        };
        if (position is null)
        {
            var edges = await log.ReadAsync(domain, StreamId.Zero, 0, ct);
            return new FeedPage([], EventCursor.ForDomain(edges.Newest ?? StreamId.Zero), Reset: cursor is not null);
        }

        var read = await log.ReadAsync(domain, position.Value, max, ct);
        if (read.Trimmed)
        {
            return new FeedPage([], EventCursor.ForDomain(read.Newest ?? StreamId.Zero), Reset: true);
        }

        var items = read.Events.Select(e => new FeedItem(e, e.Id.ToString())).ToList();
        return new FeedPage(items, EventCursor.ForDomain(read.Events.Count > 0 ? read.Events[^1].Id : position.Value), Reset: false);
    }

    private async Task<FeedPage> ReadAllAsync(EventCursor? cursor, int max, CancellationToken ct)
    {
        var known = await domains.ListAsync(ct);
        // "0" means from the oldest retained event in every view, so a script can start with ?after=0 anywhere.
        var ids = cursor?.Single == StreamId.Zero ? new Dictionary<string, StreamId>() : cursor?.PerDomain;
        var names = known.Union(ids?.Keys ?? []).Distinct(StringComparer.Ordinal).ToList();
        // No cursor: from now (edges only). A one-domain cursor here cannot say where the other domains stand: reset.
        var edgesOnly = cursor is null || ids is null;
        var reads = await Task.WhenAll(names.Select(d =>
            log.ReadAsync(d, edgesOnly ? StreamId.Zero : ids!.GetValueOrDefault(d, StreamId.Zero), edgesOnly ? 0 : max, ct)));

        var newest = names.Select((d, i) => (d, Id: reads[i].Newest ?? StreamId.Zero)).ToDictionary(p => p.d, p => p.Id, StringComparer.Ordinal);
        if (edgesOnly || reads.Any(r => r.Trimmed))
        {
            return new FeedPage([], EventCursor.ForAll(newest), Reset: cursor is not null);
        }

        // Each stream is in order; across domains, order by id (Redis TIME of one server) then domain.
        var position = new Dictionary<string, StreamId>(StringComparer.Ordinal);
        foreach (var d in names)
        {
            position[d] = ids!.GetValueOrDefault(d, StreamId.Zero);
        }

        var items = new List<FeedItem>();
        foreach (var e in reads.SelectMany(r => r.Events).OrderBy(e => e.Id).ThenBy(e => e.Domain, StringComparer.Ordinal).Take(max))
        {
            position[e.Domain] = e.Id;
            items.Add(new FeedItem(e, EventCursor.ForAll(position).ToString()));
        }

        return new FeedPage(items, EventCursor.ForAll(position), Reset: false);
    }
}
