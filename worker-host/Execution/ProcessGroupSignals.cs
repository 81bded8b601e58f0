using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Hydra.WorkerHost.Execution;

/// <summary>What became of a signal sent with kill(2).</summary>
internal enum SignalOutcome
{
    /// <summary>At least one process received it.</summary>
    Delivered,

    /// <summary>No process (or no member of the group) exists any more: ESRCH.</summary>
    NoSuchProcess,

    /// <summary>Processes exist but none could be signalled (EPERM: a member switched user, e.g. via sudo).</summary>
    Denied,
}

/// <summary>
/// kill(2) from libc. .NET can kill a process or its tree of descendants but cannot signal a process group, and
/// the group is what catches a double-forked grandchild whose parent has exited (it is no one's descendant any
/// more, but it is still in the group). The signal numbers and ESRCH are the same on Linux and macOS.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class ProcessGroupSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int NoSuchProcessErrno = 3;
    private const int NotPermittedErrno = 1;

    /// <summary>Sends <paramref name="signal"/> to every process in the group <paramref name="processGroupId"/>.</summary>
    public static SignalOutcome SignalGroup(int processGroupId, int signal)
    {
        // kill(0) would signal the worker's own group and kill(-1) every process the worker may signal: a bad
        // group id must never get that far.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(processGroupId, 1);
        return Send(-processGroupId, signal);
    }

    /// <summary>Sends <paramref name="signal"/> to the one process <paramref name="processId"/>.</summary>
    public static SignalOutcome SignalProcess(int processId, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(processId, 1);
        return Send(processId, signal);
    }

    private static SignalOutcome Send(int target, int signal)
    {
        if (Kill(target, signal) == 0)
        {
            return SignalOutcome.Delivered;
        }

        return Marshal.GetLastPInvokeError() switch
        {
            NoSuchProcessErrno => SignalOutcome.NoSuchProcess,
            NotPermittedErrno => SignalOutcome.Denied,
            var errno => throw new InvalidOperationException($"kill({target}, {signal}) failed with errno {errno}"),
        };
    }

    // DllImport rather than LibraryImport: the signature is blittable, so no marshalling stub is needed, and
    // LibraryImport would require unsafe code in the whole project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
