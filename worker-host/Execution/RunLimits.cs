namespace Hydra.WorkerHost.Execution;

/// <summary>How long a process may run, how gently it is stopped, and how much of its output is kept.</summary>
internal sealed record RunLimits
{
    public static readonly RunLimits Default = new();

    /// <summary>Wall-clock limit from start; null runs until the process ends or the caller cancels.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Time between SIGTERM and SIGKILL to the process group, so a job can clean up (remove lock files, flush)
    /// before it is killed outright. Also bounds how long output is drained after the tree has ended.
    /// </summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bytes of each stream kept in the result: the first half and the last half of what the process printed.
    /// The live log sink still sees everything; this caps the worker's memory and the stored run document.
    /// </summary>
    public int MaxOutputBytesPerStream { get; init; } = 1024 * 1024;

    /// <summary>Limits for a job's <c>timeout</c> in seconds, where 0 (or less) means none.</summary>
    public static RunLimits ForTimeoutSeconds(int seconds) =>
        new() { Timeout = seconds > 0 ? TimeSpan.FromSeconds(seconds) : null };
}
