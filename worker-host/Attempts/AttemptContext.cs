using Hydra.Shared.Runs;
using Hydra.WorkerHost.Execution;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// One attempt as its runner sees it: the payload, the variables the worker sets for the run, the live log, and
/// one deadline for the whole attempt. Setup steps and the script share the job's timeout, so a slow pip install
/// cannot stretch a 60 s job to minutes.
/// </summary>
internal sealed record AttemptContext(
    DispatchPayload Payload,
    IReadOnlyDictionary<string, string> RunVariables,
    IOutputSink Log,
    int MaxOutputBytesPerStream,
    DateTimeOffset? Deadline,
    TimeProvider Time)
{
    /// <summary>Marks lines the worker itself writes to the live log, apart from the job's own output.</summary>
    public const string Marker = "[hydra] ";

    /// <summary>Told each started process's id (= its process group on Unix), so a crash can be reaped on restart.</summary>
    public Action<int>? OnStarted { get; init; }

    /// <summary>The limits for the next process, or null when the deadline has already passed.</summary>
    public RunLimits? RemainingLimits()
    {
        TimeSpan? remaining = Deadline is { } deadline ? deadline - Time.GetUtcNow() : null;
        if (remaining is { } left && left <= TimeSpan.Zero)
        {
            return null;
        }

        return new RunLimits { Timeout = remaining, MaxOutputBytesPerStream = MaxOutputBytesPerStream };
    }

    /// <summary>A line from the worker in the live log (stdout stream), never part of the captured stdout.</summary>
    public ValueTask NoteAsync(string line, CancellationToken ct) => Log.WriteAsync(IOutputSink.Stdout, Marker + line + "\n", ct);
}
