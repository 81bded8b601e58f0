using Hydra.Functions.Timers;
using Hydra.Shared.Redis;
using StackExchange.Redis;

namespace Hydra.Functions.Coordination;

/// <summary>
/// On the lean host, turns Redis wake-ups into immediate sweeps: a finished attempt wakes IngestSweep, a worker
/// coming online or a freed slot wakes DispatchSweep. Under the Functions host the timers alone drive them.
/// </summary>
internal sealed class WakeSubscriber(
    IConnectionMultiplexer redis, RedisKeys keys, TimerWakeups wakeups, TimeProvider time, ILogger<WakeSubscriber> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Redis may be down when we start; the sweeps' own schedules cover the gap until we are subscribed.
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var subscriber = redis.GetSubscriber();
                await subscriber.SubscribeAsync(keys.IngestWake, (_, _) => wakeups.Wake(SweepNames.Ingest));
                await subscriber.SubscribeAsync(keys.DispatchWake, (_, _) => wakeups.Wake(SweepNames.Dispatch));
                return;
            }
            catch (RedisException ex)
            {
                log.LogWarning("Cannot subscribe to Redis wake-ups yet: {Error}", ex.Message);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }
}

internal static class SweepNames
{
    public const string Ingest = "IngestSweep";
    public const string Dispatch = "DispatchSweep";
    public const string Reconcile = "ReconcileSweep";
    public const string Retention = "RetentionSweep";
    public const string Failover = "FailoverSweep";
    public const string Schedule = "ScheduleSweep";
}
