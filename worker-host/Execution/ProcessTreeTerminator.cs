using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Ends a job's whole process tree. "Kill" in peer schedulers often ends the shell and leaves its children running
/// (Cronicle, Rundeck, Dkron issues); here the unit is the process group the job leads (see
/// <see cref="ProcessGroupLauncher"/>), which every descendant joins unless it deliberately leaves with setsid.
/// <para>Unix, to stop a running job (timeout or cancel):</para>
/// <list type="number">
/// <item>SIGTERM to the group, so every process can clean up. If the group does not exist yet (the launcher had
/// not yet called setsid when the stop came), SIGTERM to the pid, which kills the launcher before it forks
/// anything.</item>
/// <item>Wait up to the grace period for the leader to exit and the output pipes to close; a pipe stays open while
/// any process holding it lives, so this waits for the group's pipe holders too, without polling.</item>
/// <item>SIGKILL to the group (a no-op when it is empty), then <c>Process.Kill(entireProcessTree: true)</c> as a
/// backstop for descendants that left the group but are still children of the tree.</item>
/// </list>
/// <para>
/// Unix, after the leader exited on its own: processes it left in its group (a daemonised <c>( sleep &amp; )</c>)
/// are ended the same way, SIGTERM, grace, SIGKILL. The run is over; leftovers would hold its output pipes open and
/// outlive every record of them. A job that wants a daemon should hand it to a service manager.
/// </para>
/// <para>
/// The group id is the leader's pid. After the leader is reaped that number could in principle be reused, but only
/// once no member of the group remains (Linux keeps a pid while it names a live group) and after the pid space has
/// wrapped, within the microseconds between reaping and signalling. The signals here are sent only in that window.
/// </para>
/// <para>
/// Windows has no process groups to signal; <c>Process.Kill(true)</c> walks the descendants. A Job Object would
/// also catch orphans whose parent exited; that is a known gap of this version on Windows.
/// </para>
/// </summary>
internal sealed class ProcessTreeTerminator(TimeProvider time, ILogger logger)
{
    /// <summary>Stops the running tree; true when the leader was reaped (false only if even SIGKILL did not end it).</summary>
    /// <param name="process">The leader.</param>
    /// <param name="groupId">Its process group (Unix), or null.</param>
    /// <param name="outputDone">Completes when both output pipes reached end of stream; never faults.</param>
    /// <param name="grace">Time between SIGTERM and SIGKILL.</param>
    /// <param name="cancel">Stops waiting; pass None to finish the stop even when the caller has given up.</param>
    public async Task<bool> StopAsync(Process process, int? groupId, Task outputDone, TimeSpan grace, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!OperatingSystem.IsWindows() && groupId is { } group)
        {
            Signal(process, group, ProcessGroupSignals.SigTerm);
            await CompletesWithinAsync(Task.WhenAll(process.WaitForExitAsync(cancel), outputDone), grace, cancel);
            Signal(process, group, ProcessGroupSignals.SigKill);
        }

        KillDescendants(process);

        // SIGKILL cannot be ignored, but a process stuck in uninterruptible I/O (a dead NFS mount) dies only when
        // the I/O returns. Do not hold the run (and the worker's slot) hostage to it.
        var exited = await CompletesWithinAsync(process.WaitForExitAsync(cancel), grace, cancel);
        if (!exited)
        {
            logger.LogError("Process {ProcessId} did not exit after SIGKILL; giving up on it", process.Id);
        }

        return exited;
    }

    /// <summary>After the leader exited on its own, ends whatever it left in its group. One syscall when nothing is left.</summary>
    public async Task EndLeftoversAsync(int? groupId, Task outputDone, TimeSpan grace, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(outputDone);
        if (OperatingSystem.IsWindows() || groupId is not { } group)
        {
            return;
        }

        if (ProcessGroupSignals.SignalGroup(group, ProcessGroupSignals.SigTerm) == SignalOutcome.NoSuchProcess)
        {
            return;
        }

        logger.LogInformation("Process group {ProcessGroupId} outlived its leader; terminating what is left", group);
        await CompletesWithinAsync(outputDone, grace, cancel);
        ProcessGroupSignals.SignalGroup(group, ProcessGroupSignals.SigKill);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void Signal(Process process, int group, int signal)
    {
        var outcome = ProcessGroupSignals.SignalGroup(group, signal);

        // No group yet means the launcher has not run setsid(); the leader is then still our unreaped child, so
        // its pid cannot have been reused and signalling it alone is safe (and enough: it has forked nothing).
        if (outcome == SignalOutcome.NoSuchProcess && !process.HasExited)
        {
            outcome = ProcessGroupSignals.SignalProcess(process.Id, signal);
        }

        if (outcome == SignalOutcome.Denied)
        {
            logger.LogWarning("Not permitted to signal process group {ProcessGroupId} (signal {Signal})", group, signal);
        }
    }

    private void KillDescendants(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited: nothing to do.
        }
        catch (Win32Exception ex)
        {
            logger.LogWarning(ex, "Killing the process tree of {ProcessId} failed", process.Id);
        }
    }

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan limit, CancellationToken cancel)
    {
        try
        {
            await task.WaitAsync(limit, time, cancel);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
