namespace Hydra.Functions.Events;

/// <summary>
/// Where waiting long-poll requests park: one completion source per topic (a domain's events, every domain's events,
/// a run's live log), completed by the Redis wake-up handler and replaced by a fresh one. A waiter holds no thread —
/// it awaits a task with a timeout timer — and one pub/sub subscription per instance fans out to every waiter.
/// A topic exists only while someone waits on it, so finished runs leave nothing behind.
/// <para>
/// Protocol for a waiter: <see cref="Arm"/> first, then read, then await the ticket only if the read was empty. A wake
/// that lands between the read and the await has already completed the armed task, so nothing is missed.
/// </para>
/// </summary>
internal sealed class WakeSignals
{
    private readonly Dictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public static string Domain(string domain) => "events:" + domain;

    public const string AllDomains = "events:*";

    public static string RunLog(string domain, string runId) => "log:" + domain + ":" + runId;

    /// <summary>How many topics have waiters now (diagnostics and tests).</summary>
    public int TopicCount
    {
        get
        {
            lock (_gate)
            {
                return _topics.Count;
            }
        }
    }

    /// <summary>How many requests wait on the topic now.</summary>
    public int Waiters(string topic)
    {
        lock (_gate)
        {
            return _topics.TryGetValue(topic, out var entry) ? entry.Waiters : 0;
        }
    }

    public WakeTicket Arm(string topic)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(topic, out var entry))
            {
                entry = new Topic();
                _topics[topic] = entry;
            }

            entry.Waiters++;
            return new WakeTicket(this, topic, entry.Source.Task);
        }
    }

    /// <summary>Wakes every waiter armed on the topic so far; later waiters get a fresh task.</summary>
    public void Signal(string topic)
    {
        TaskCompletionSource? woken = null;
        lock (_gate)
        {
            if (_topics.TryGetValue(topic, out var entry))
            {
                woken = entry.Source;
                entry.Source = NewSource();
            }
        }

        // Continuations run asynchronously: the pub/sub handler must not run hundreds of requests' code inline.
        woken?.TrySetResult();
    }

    internal void Release(string topic)
    {
        lock (_gate)
        {
            if (_topics.TryGetValue(topic, out var entry) && --entry.Waiters == 0)
            {
                _topics.Remove(topic);
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Topic
    {
        public TaskCompletionSource Source { get; set; } = NewSource();

        public int Waiters { get; set; }
    }
}

/// <summary>One waiter's claim on a topic; dispose it when the request is done.</summary>
internal sealed class WakeTicket(WakeSignals signals, string topic, Task woken) : IDisposable
{
    private bool _released;

    public Task Woken => woken;

    public void Dispose()
    {
        if (!_released)
        {
            _released = true;
            signals.Release(topic);
        }
    }
}
