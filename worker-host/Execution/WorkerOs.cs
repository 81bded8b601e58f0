namespace Hydra.WorkerHost.Execution;

/// <summary>
/// The operating system commands are built for. Passed in rather than read inside each builder, so the Windows
/// and macOS command lines are testable on a Linux machine.
/// </summary>
internal enum WorkerOs
{
    Linux,
    MacOS,
    Windows,
}

internal static class WorkerOsDetection
{
    /// <summary>The OS this worker runs on; other Unixes are treated like Linux.</summary>
    public static WorkerOs Current { get; } =
        OperatingSystem.IsWindows() ? WorkerOs.Windows
        : OperatingSystem.IsMacOS() ? WorkerOs.MacOS
        : WorkerOs.Linux;
}
