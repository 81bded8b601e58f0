using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;
using Hydra.Tests.Execution;
using Hydra.WorkerHost.Attempts;
using Hydra.WorkerHost.Execution;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Tests.Executors;

/// <summary>
/// The python runner's environments on this machine, without Redis: requirements installed from a wheel the test
/// builds itself (pip never reaches an index, so this runs offline in CI), a failing install as its own reason,
/// uv and python versions that are not there.
/// </summary>
public sealed class PythonEnvironmentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hydra-pyenv-test-").FullName;

    private readonly PythonAttemptRunner _runner = new(
        CommandBuilder.Standard(WorkerOs.Linux),
        new ProcessRunner(TimeProvider.System, NullLogger<ProcessRunner>.Instance),
        WorkerOs.Linux,
        TimeProvider.System,
        NullLogger<PythonAttemptRunner>.Instance);

    [Fact]
    public async Task Requirements_from_a_local_wheel_are_installed_into_the_temporary_venv_and_pip_output_stays_out_of_stdout()
    {
        var wheel = BuildWheel("hydrapkg", "VALUE = 'from-the-wheel'");
        var executor = Python("import hydrapkg\nprint(hydrapkg.VALUE)", new PythonEnvironmentSpec { Type = "venv", Requirements = [wheel] });
        executor.Env = new Dictionary<string, EnvValue> { ["PIP_NO_INDEX"] = "1" };

        var (result, log) = await RunAsync(executor, timeoutSeconds: 300);

        Assert.True(result.Status == RunStatus.Success, $"{result}\n{log.Stdout}\n{log.Stderr}");
        Assert.Equal("from-the-wheel\n", result.Stdout);
        Assert.Contains("[hydra] installing requirements: " + wheel, log.Stdout, StringComparison.Ordinal);
        Assert.Contains("Successfully installed hydrapkg-0.1", log.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Successfully installed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_install_is_an_environment_setup_failure_not_the_scripts_exit_code()
    {
        // An existing venv_path whose python is this machine's: pip runs at once and fails on the missing file.
        var venv = Path.Combine(_root, "venv");
        Directory.CreateDirectory(Path.Combine(venv, "bin"));
        File.CreateSymbolicLink(Path.Combine(venv, "bin", "python"), SystemPython());
        var missing = Path.Combine(_root, "missing-0.1-py3-none-any.whl");
        var executor = Python("print('never')", new PythonEnvironmentSpec { Type = "venv", VenvPath = venv, Requirements = [missing] });
        executor.Env = new Dictionary<string, EnvValue> { ["PIP_NO_INDEX"] = "1" };

        var (result, _) = await RunAsync(executor, timeoutSeconds: 120);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.StartsWith($"environment setup failed: installing requirements: {missing} exited with 1", result.Reason, StringComparison.Ordinal);
        Assert.Null(result.ReturnCode);
        Assert.Equal("", result.Stdout);
        Assert.True(Directory.Exists(venv), "an existing venv_path is never removed");
    }

    [Fact]
    public async Task A_venv_path_that_is_no_virtual_environment_fails_setup_by_name()
    {
        var executor = Python("print(1)", new PythonEnvironmentSpec { Type = "venv", VenvPath = _root });

        var (result, _) = await RunAsync(executor);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal($"environment setup failed: venv_path '{_root}' is not a virtual environment (no {_root}/bin/python)", result.Reason);
    }

    [Fact]
    public async Task Uv_missing_on_the_worker_fails_setup_with_a_clear_reason()
    {
        var executor = Python("print(1)", new PythonEnvironmentSpec { Type = "uv", Requirements = ["requests"] });
        // A PATH with nothing on it: uv is missing whatever this machine has installed.
        executor.Env = new Dictionary<string, EnvValue> { ["PATH"] = _root };

        var (result, _) = await RunAsync(executor);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("environment setup failed: uv is not installed on this worker (no uv on PATH)", result.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("venv")]
    public async Task A_python_version_the_worker_lacks_fails_with_a_clear_reason(string? environment)
    {
        var executor = Python("print(1)", new PythonEnvironmentSpec { Type = environment, PythonVersion = "python3.99" });

        var (result, _) = await RunAsync(executor);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.EndsWith("python 3.99 is not installed on this worker (no python3.99 on PATH)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_job_timeout_covers_setup_and_script_together()
    {
        var executor = Python("import time\ntime.sleep(60)", new PythonEnvironmentSpec { Type = "venv" });

        var (result, _) = await RunAsync(executor, timeoutSeconds: 2);

        Assert.Equal(RunStatus.TimedOut, result.Status);
        Assert.Equal("timed out after 2s", result.Reason);
        Assert.True(result.EndedAt - result.StartedAt < TimeSpan.FromSeconds(30), $"{result.EndedAt - result.StartedAt}");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ExecutorSpec Python(string code, PythonEnvironmentSpec environment) =>
        new() { Type = "python", Code = code, Environment = environment };

    private async Task<(AttemptResult Result, RecordingSink Log)> RunAsync(ExecutorSpec executor, int timeoutSeconds = 60)
    {
        var payload = new DispatchPayload { RunId = "r" + Guid.NewGuid().ToString("N")[..8], JobId = "j", Domain = "d", Executor = executor, TimeoutSeconds = timeoutSeconds };
        var log = new RecordingSink();
        var context = new AttemptContext(
            payload, new Dictionary<string, string> { ["HYDRA_RUN_ID"] = payload.RunId }, log, 1024 * 1024,
            TimeProvider.System.GetUtcNow().AddSeconds(timeoutSeconds), TimeProvider.System);
        return (await _runner.RunAsync(context, CancellationToken.None), log);
    }

    private static string SystemPython()
    {
        using var process = Process.Start(new ProcessStartInfo("python3", ["-c", "import sys; print(sys.executable)"]) { RedirectStandardOutput = true })!;
        var path = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return path;
    }

    /// <summary>A minimal pure-python wheel: the package, METADATA, WHEEL and RECORD (a wheel is a zip).</summary>
    private string BuildWheel(string name, string code)
    {
        var path = Path.Combine(_root, $"{name}-0.1-py3-none-any.whl");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        var info = $"{name}-0.1.dist-info";
        Add(zip, $"{name}/__init__.py", code + "\n");
        Add(zip, $"{info}/METADATA", $"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n");
        Add(zip, $"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: hydra-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        Add(zip, $"{info}/RECORD", $"{name}/__init__.py,,\n{info}/METADATA,,\n{info}/WHEEL,,\n{info}/RECORD,,\n");
        return path;
    }

    private static void Add(ZipArchive zip, string entryName, string text)
    {
        using var stream = zip.CreateEntry(entryName).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }
}
