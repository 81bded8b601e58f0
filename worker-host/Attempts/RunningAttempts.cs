using System.Collections.Concurrent;
using Hydra.Shared.Runs;

namespace Hydra.WorkerHost.Attempts;

/// <summary>Why the worker stopped an attempt before its process ended on its own.</summary>
internal enum StopReason
{
    None,
    /// <summary>POST /runs/{id}/cancel reached this worker (wake message or heartbeat): report <c>cancelled</c>.</summary>
    CancelRequested,
    /// <summary>The lease is gone (the run was failed over): stop the processes; the report will be superseded.</summary>
    LeaseLost,
    /// <summary>Shutdown outlasted the grace period: hand the attempt back for re-dispatch.</summary>
    Shutdown,
}

/// <summary>One attempt this worker runs: its lease, and the token that stops its process tree.</summary>
internal sealed class RunningAttempt(DispatchPayload payload, int slot) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _reason;

    public DispatchPayload Payload { get; } = payload;
    public int Slot { get; } = slot;
    public string Lease => Payload.LeaseToken ?? "";
    public CancellationToken Stopping => _stop.Token;
    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);

    /// <summary>The first reason wins: a cancel that arrives during shutdown still reports cancelled.</summary>
    public void Stop(StopReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None) == (int)StopReason.None)
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The attempt ended meanwhile: nothing left to stop.
            }
        }
    }

    public void Dispose() => _stop.Dispose();
}

/// <summary>The attempts this worker runs now, by run id; the heartbeat names their leases.</summary>
internal sealed class RunningAttempts
{
    private readonly ConcurrentDictionary<string, (RunningAttempt Attempt, Task Task)> _byRun = new(StringComparer.Ordinal);

    public int Count => _byRun.Count;

    public void Add(RunningAttempt attempt, Task task) => _byRun[attempt.Payload.RunId] = (attempt, task);

    public void Remove(string runId) => _byRun.TryRemove(runId, out _);

    public IReadOnlyList<Task> Tasks => [.. _byRun.Values.Select(v => v.Task)];

    public IReadOnlyCollection<KeyValuePair<string, string>> Leases() =>
        [.. _byRun.Values.Select(v => KeyValuePair.Create(v.Attempt.Payload.RunId, v.Attempt.Lease))];

    /// <summary>Stops the run's attempt; false when this worker does not run it.</summary>
    public bool Stop(string runId, StopReason reason)
    {
        if (!_byRun.TryGetValue(runId, out var entry))
        {
            return false;
        }

        entry.Attempt.Stop(reason);
        return true;
    }

    public void StopAll(StopReason reason)
    {
        foreach (var entry in _byRun.Values)
        {
            entry.Attempt.Stop(reason);
        }
    }
}
