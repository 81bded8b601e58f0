using System.Diagnostics;
using System.Text;

namespace Hydra.Tests.Infrastructure;

/// <summary>
/// A real worker-host process (the built Hydra.WorkerHost.dll) against the test Redis, under the key prefix of the
/// app it serves. Its output is kept so a failing test can show it.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process, string workerId)
    {
        _process = process;
        WorkerId = workerId;
    }

    public string WorkerId { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the process to end and its output to be read to the end.</summary>
    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static WorkerProcess Start(string redisPrefix, string workerId, int slots, IDictionary<string, string>? settings = null)
    {
        var info = new ProcessStartInfo("dotnet", [WorkerDll()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["REDIS_URL"] = "redis://" + TestServices.Redis;
        info.Environment["HYDRA_REDIS_PREFIX"] = redisPrefix;
        info.Environment["WORKER_ID"] = workerId;
        // The app's bootstrap domain and its token, unless the settings name others (HydraTestApp provisions them).
        if (HydraTestApp.CredentialsFor(redisPrefix) is var (domain, token))
        {
            info.Environment["WORKER_DOMAIN"] = domain;
            info.Environment["WORKER_DOMAIN_TOKEN"] = token;
        }

        info.Environment["MAX_CONCURRENCY"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["HEARTBEAT_SECONDS"] = "1";
        info.Environment["SHUTDOWN_GRACE_SECONDS"] = "5";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the worker host");
        var worker = new WorkerProcess(process, workerId);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGSTOP: the worker freezes (a long GC pause, a VM stall); its jobs' process groups keep running.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>SIGTERM: the worker shuts down gracefully (drains).</summary>
    public Task TerminateAsync() => SignalAsync("-TERM");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGKILL: the worker dies without a word, as in a crash.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A paused worker must be resumed to die cleanly of the kill below on every kernel.
            await SignalAsync("-CONT");
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string WorkerDll()
    {
        // tests/Hydra.Tests/bin/<Configuration>/net10.0/ → worker-host/bin/<Configuration>/net10.0/Hydra.WorkerHost.dll
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "worker-host", "bin", testBin.Parent!.Name, testBin.Name, "Hydra.WorkerHost.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build worker-host first", dll);
    }
}
