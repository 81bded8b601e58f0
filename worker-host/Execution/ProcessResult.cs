namespace Hydra.WorkerHost.Execution;

/// <summary>
/// How a process ended. Exactly one of these holds: <see cref="StartError"/> is set (nothing ran),
/// <see cref="TimedOut"/>, <see cref="Cancelled"/>, or the process exited on its own with <see cref="ExitCode"/>.
/// A killed process still reports the exit code the OS gave it (128 + signal on Unix), for the record.
/// </summary>
internal sealed record ProcessResult
{
    /// <summary>Null when the process never started, or could not be reaped even after SIGKILL.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Captured stdout: all of it, or its head and tail around a truncation marker.</summary>
    public string Stdout { get; init; } = "";

    public string Stderr { get; init; } = "";

    public bool TimedOut { get; init; }

    public bool Cancelled { get; init; }

    /// <summary>Why the process could not be started, in words for a person (<c>command 'foo' not found</c>).</summary>
    public string? StartError { get; init; }

    /// <summary>Every byte the process wrote to stdout, kept or not.</summary>
    public long StdoutBytes { get; init; }

    public long StderrBytes { get; init; }

    /// <summary>True when either stream printed more than the cap and lost its middle.</summary>
    public bool Truncated { get; init; }

    /// <summary>0 when the process never started.</summary>
    public int ProcessId { get; init; }

    /// <summary>
    /// The process group the child leads (Unix; equal to <see cref="ProcessId"/>), which a later reaper can
    /// signal after a worker crash. Null on Windows or when nothing started.
    /// </summary>
    public int? ProcessGroupId { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public TimeSpan Duration => EndedAt - StartedAt;

    public static ProcessResult NotStarted(string reason, DateTimeOffset at) =>
        new() { StartError = reason, StartedAt = at, EndedAt = at };
}
