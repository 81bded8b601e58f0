using Hydra.Shared.Redis;
using StackExchange.Redis;

namespace Hydra.Functions.Events;

/// <summary>
/// The instance's one subscription for long-poll readers: <c>P:wake:events</c> (message: domain) wakes the waiters of
/// that domain and of "every domain"; <c>P:wake:log</c> (message: <c>runId domain</c>) wakes a run's live-log
/// readers. Runs on the lean host and under the Functions host alike, since HTTP requests wait on both.
/// StackExchange.Redis re-subscribes by itself after a reconnect; a wake-up lost meanwhile delays a reader only to
/// the end of its long-poll, after which the client's reconnect reads what it missed.
/// </summary>
internal sealed class EventWakeSubscriber(
    IConnectionMultiplexer redis, RedisKeys keys, WakeSignals signals, SharedEventReads reads, TimeProvider time, ILogger<EventWakeSubscriber> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var subscriber = redis.GetSubscriber();
                await subscriber.SubscribeAsync(keys.EventsWake, (_, message) => OnEvents(message));
                await subscriber.SubscribeAsync(keys.LogWake, (_, message) => OnLog(message));
                return;
            }
            catch (RedisException ex)
            {
                log.LogWarning("Cannot subscribe to event wake-ups yet: {Error}", ex.Message);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private void OnEvents(RedisValue message)
    {
        var domain = (string?)message;
        if (!string.IsNullOrEmpty(domain))
        {
            // Forget the domain's shared reads before waking anyone, so no woken follower reuses one from before the event.
            reads.Invalidate(domain);
            signals.Signal(WakeSignals.Domain(domain));
            signals.Signal(WakeSignals.AllDomains);
        }
    }

    private void OnLog(RedisValue message)
    {
        var text = (string?)message ?? "";
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            signals.Signal(WakeSignals.RunLog(text[(space + 1)..], text[..space]));
        }
    }
}
