using Hydra.Functions.Catalog;

namespace Hydra.Functions.Timers;

/// <summary>
/// On the lean host, plays the Functions host's part for timers: each timer function runs on its own NCRONTAB
/// schedule (6 fields, UTC), one invocation at a time, and may be woken early through <see cref="TimerWakeups"/>.
/// Off under the Functions host, which invokes timers itself (FUNCTIONS_CUSTOMHANDLER_PORT is set).
/// </summary>
internal sealed class LeanTimerRunner(
    TimerInvoker invoker, TimerWakeups wakeups, TimeProvider time, ILogger<LeanTimerRunner> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FunctionTable.Timers.Select(f => RunScheduleAsync(f, stoppingToken)));

    private async Task RunScheduleAsync(FunctionDefinition function, CancellationToken ct)
    {
        var cron = function.Timer!.Parse();
        while (!ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = cron.GetNextOccurrence(now.UtcDateTime, inclusive: false);
            var wait = next is null ? TimeSpan.FromHours(1) : next.Value - now.UtcDateTime;
            try
            {
                await wakeups.WaitAsync(function.Name, wait, time, ct);
                await invoker.InvokeAsync(function, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failing sweep must not stop its schedule; the next tick tries again.
                log.LogError(ex, "Timer function {Function} failed", function.Name);
            }
        }
    }
}
