using System.Collections.Concurrent;

namespace Hydra.Functions.Timers;

/// <summary>
/// Lets work that just happened wake a timer function at once on the lean host (e.g. IngestSweep after a run
/// finished) instead of waiting for its next tick. Under the Functions host nobody waits on these.
/// </summary>
internal sealed class TimerWakeups
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.OrdinalIgnoreCase);

    public void Wake(string functionName)
    {
        // A binary signal: many wakes before the sweep runs collapse into one run.
        SemaphoreTimeExtensions.ReleaseOnce(Signal(functionName));
    }

    /// <summary>Waits for a wake-up or the timeout; true when woken.</summary>
    public Task<bool> WaitAsync(string functionName, TimeSpan timeout, TimeProvider time, CancellationToken ct) =>
        Signal(functionName).WaitAsync(timeout, time, ct);

    private SemaphoreSlim Signal(string name) => _signals.GetOrAdd(name, _ => new SemaphoreSlim(0, 1));
}
