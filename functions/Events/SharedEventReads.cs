using System.Collections.Concurrent;
using Hydra.Shared.Redis;

namespace Hydra.Functions.Events;

/// <summary>
/// One Redis read for many followers. When an event wakes the 200 requests that follow a domain, they all ask for
/// "after the same cursor"; they share one events_read call instead of making 200. The reads of a domain are
/// forgotten the moment its wake-up arrives (<see cref="Invalidate"/>, called before the waiters are signalled).
/// <para>
/// Why a shared read is never stale for its user: a follower arms its wake-up, then looks here. If the wake-up for a
/// newer event arrived before the look-up, the domain's reads were already forgotten and it reads afresh; if it
/// arrives after, the armed wake-up fires and it reads again. Reads also expire after <see cref="MaxAge"/>, so
/// a lost subscription (Redis reconnecting) degrades to fresh reads, not to stale ones.
/// </para>
/// </summary>
internal sealed class SharedEventReads(EventLog log, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private const int MaxReadsPerDomain = 256;
    private readonly ConcurrentDictionary<string, Generation> _domains = new(StringComparer.Ordinal);

    public void Invalidate(string domain) => _domains.TryRemove(domain, out _);

    public Task<EventRead> ReadAsync(string domain, StreamId after, int max, CancellationToken ct)
    {
        var generation = _domains.GetOrAdd(domain, _ => new Generation(time.GetTimestamp()));
        if (time.GetElapsedTime(generation.Started) > MaxAge)
        {
            _domains.TryRemove(KeyValuePair.Create(domain, generation));
            generation = _domains.GetOrAdd(domain, _ => new Generation(time.GetTimestamp()));
        }

        Task<EventRead>? read;
        lock (generation.Reads)
        {
            if (!generation.Reads.TryGetValue((after, max), out read) || read.IsFaulted || read.IsCanceled)
            {
                // Not tied to one request's token: others may be waiting on the same read when this one goes away.
                read = log.ReadAsync(domain, after, max, CancellationToken.None);
                if (generation.Reads.Count < MaxReadsPerDomain)
                {
                    generation.Reads[(after, max)] = read;
                }
            }
        }

        return read.WaitAsync(ct);
    }

    private sealed class Generation(long started)
    {
        public long Started { get; } = started;

        public Dictionary<(StreamId After, int Max), Task<EventRead>> Reads { get; } = [];
    }
}
