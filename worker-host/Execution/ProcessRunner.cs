using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Runs one process to its end: stdin closed at once, stdout and stderr read concurrently into bounded captures and
/// to a live sink, the timeout and the caller's cancellation enforced by ending the whole process tree
/// (<see cref="ProcessTreeTerminator"/>). Never throws for anything the job or the machine did: a program that
/// cannot start becomes <see cref="ProcessResult.StartError"/>.
/// <para>
/// The runner adds no polling: it awaits the exit and the two readers, and a timer only when a timeout is set.
/// On Unix it checks the working directory and finds the program before starting, because the child is started
/// through a group launcher and a missing program would otherwise look like a job exiting 127.
/// </para>
/// </summary>
internal sealed class ProcessRunner
{
    private readonly TimeProvider time;
    private readonly ILogger<ProcessRunner> logger;
    private readonly ProcessGroupLauncher? launcher;
    private readonly ProcessTreeTerminator terminator;

    public ProcessRunner(TimeProvider time, ILogger<ProcessRunner> logger)
        : this(time, logger, OperatingSystem.IsWindows() ? null : ProcessGroupLauncher.For(WorkerOsDetection.Current))
    {
    }

    /// <param name="time">Start and end instants, timeout and grace timers.</param>
    /// <param name="logger">Where sink failures and stubborn processes are reported.</param>
    /// <param name="launcher">How a child becomes a group leader on Unix; null on Windows.</param>
    public ProcessRunner(TimeProvider time, ILogger<ProcessRunner> logger, ProcessGroupLauncher? launcher)
    {
        this.time = time;
        this.logger = logger;
        this.launcher = launcher;
        terminator = new ProcessTreeTerminator(time, logger);
    }

    public Task<ProcessResult> RunAsync(ProcessCommand command, RunLimits limits, IOutputSink sink, CancellationToken cancel) =>
        RunAsync(command, limits, sink, onStarted: null, cancel);

    /// <summary>Runs <paramref name="command"/> until it ends, times out or <paramref name="cancel"/> fires.</summary>
    /// <param name="command">What to start.</param>
    /// <param name="limits">Timeout, kill grace, output cap.</param>
    /// <param name="sink">Receives output chunks as they are read.</param>
    /// <param name="onStarted">
    /// Called once with the pid right after the start, before any output is read. On Unix the pid is also the
    /// process group id, which a caller can record to reap the group if this worker crashes.
    /// </param>
    /// <param name="cancel">Stops the process tree; the result then says <see cref="ProcessResult.Cancelled"/>.</param>
    public async Task<ProcessResult> RunAsync(
        ProcessCommand command,
        RunLimits limits,
        IOutputSink sink,
        Action<int>? onStarted,
        CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(sink);

        // Checked before anything starts: a bad limit found after the start would leave a process running.
        if (limits.Timeout is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(limits));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(limits.KillGrace, TimeSpan.Zero, nameof(limits));
        var stdout = new OutputCapture(limits.MaxOutputBytesPerStream);
        var stderr = new OutputCapture(limits.MaxOutputBytesPerStream);

        var startedAt = time.GetUtcNow();
        if (cancel.IsCancellationRequested)
        {
            return new ProcessResult { Cancelled = true, StartedAt = startedAt, EndedAt = startedAt };
        }

        var startInfo = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (StartProblem(command, startInfo) is { } problem)
        {
            return ProcessResult.NotStarted(problem, startedAt);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception ex)
        {
            return ProcessResult.NotStarted(DescribeStartFailure(command, ex), startedAt);
        }

        var processId = process.Id;
        int? groupId = launcher is null ? null : processId;
        Announce(onStarted, processId);
        CloseInput(process);

        using var guardedSink = new GuardedOutputSink(sink, logger);
        using var abandon = new CancellationTokenSource();
        var outputDone = Task.WhenAll(
            new OutputPump(IOutputSink.Stdout, process.StandardOutput.BaseStream, stdout, guardedSink, logger).RunAsync(abandon.Token),
            new OutputPump(IOutputSink.Stderr, process.StandardError.BaseStream, stderr, guardedSink, logger).RunAsync(abandon.Token));

        var end = await WaitForEndAsync(process, groupId, outputDone, limits, cancel);

        // A process that left the group (setsid) or was never in it can hold a pipe open forever; bounded drain.
        if (!await CompletesWithinAsync(outputDone, limits.KillGrace))
        {
            await abandon.CancelAsync();
            await outputDone;
        }

        if (guardedSink.Failures > 1)
        {
            logger.LogWarning("Output sink failed {Failures} times during process {ProcessId}", guardedSink.Failures, processId);
        }

        return new ProcessResult
        {
            ExitCode = end.Reaped ? process.ExitCode : null,
            Stdout = stdout.Render(),
            Stderr = stderr.Render(),
            TimedOut = end.TimedOut,
            Cancelled = end.Cancelled,
            StdoutBytes = stdout.TotalBytes,
            StderrBytes = stderr.TotalBytes,
            Truncated = stdout.Truncated || stderr.Truncated,
            ProcessId = processId,
            ProcessGroupId = groupId,
            StartedAt = startedAt,
            EndedAt = time.GetUtcNow(),
        };
    }

    private async Task<(bool Reaped, bool TimedOut, bool Cancelled)> WaitForEndAsync(
        Process process, int? groupId, Task outputDone, RunLimits limits, CancellationToken cancel)
    {
        using var timeout = limits.Timeout is { } limit ? new CancellationTokenSource(limit, time) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, timeout?.Token ?? CancellationToken.None);

        // Stopping must finish even though the caller's token has fired, hence None below.
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !process.HasExited)
        {
            var cancelled = cancel.IsCancellationRequested;
            var reaped = await terminator.StopAsync(process, groupId, outputDone, limits.KillGrace, CancellationToken.None);
            return (reaped, !cancelled, cancelled);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // It exited on its own just as the stop came: that is a normal end.
        }

        await terminator.EndLeftoversAsync(groupId, outputDone, limits.KillGrace, CancellationToken.None);
        return (true, false, false);
    }

    /// <summary>Fills <paramref name="startInfo"/> for <paramref name="command"/>, or says why it cannot start.</summary>
    private string? StartProblem(ProcessCommand command, ProcessStartInfo startInfo)
    {
        var workingDirectory = Environment.CurrentDirectory;
        if (!string.IsNullOrWhiteSpace(command.WorkingDirectory))
        {
            // Never created: a missing directory usually means a wrong path or an unmounted volume, and running
            // the job somewhere else would hide that.
            workingDirectory = Path.GetFullPath(command.WorkingDirectory);
            if (!Directory.Exists(workingDirectory))
            {
                return File.Exists(workingDirectory)
                    ? $"workdir '{command.WorkingDirectory}' is not a directory"
                    : $"workdir '{command.WorkingDirectory}' does not exist";
            }

            startInfo.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in command.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var fileName = command.FileName;
        var arguments = command.Arguments;
        if (!OperatingSystem.IsWindows() && launcher is not null)
        {
            startInfo.Environment.TryGetValue("PATH", out var searchPath);
            var program = ProgramLocator.Find(command.FileName, searchPath, workingDirectory, out var notFound);
            if (program is null)
            {
                return notFound;
            }

            if (!launcher.TryWrap(program, command.Arguments, out fileName, out arguments, out var noLauncher))
            {
                return noLauncher;
            }
        }

        startInfo.FileName = fileName;
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return null;
    }

    private static string DescribeStartFailure(ProcessCommand command, Exception ex) => ex switch
    {
        // ENOENT / ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND.
        Win32Exception { NativeErrorCode: 2 or 3 } => $"command '{command.FileName}' not found",

        // EACCES / ERROR_ACCESS_DENIED.
        Win32Exception { NativeErrorCode: 13 or 5 } => $"command '{command.FileName}' is not executable: {ex.Message}",
        _ => $"command '{command.FileName}' could not be started: {ex.Message}",
    };

    private void Announce(Action<int>? onStarted, int processId)
    {
        try
        {
            onStarted?.Invoke(processId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The start callback for process {ProcessId} failed; the run goes on", processId);
        }
    }

    /// <summary>
    /// A job gets no input: closing the pipe at once gives it end-of-file, so a command that reads stdin (cat, a
    /// prompt) ends instead of waiting forever, and it never reads the worker's own stdin.
    /// </summary>
    private void CloseInput(Process process)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException ex)
        {
            logger.LogDebug(ex, "Closing stdin of process {ProcessId} failed; it has likely exited", process.Id);
        }
    }

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan limit)
    {
        try
        {
            await task.WaitAsync(limit, time, CancellationToken.None);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
