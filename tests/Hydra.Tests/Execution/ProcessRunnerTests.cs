using System.Runtime.Versioning;
using System.Text;
using Hydra.Shared.Jobs;
using Hydra.WorkerHost.Execution;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Tests.Execution;

/// <summary>Real processes on a Linux machine (as CI is): what a run captures and how it starts or fails to.</summary>
[SupportedOSPlatform("linux")]
public sealed class ProcessRunnerTests : IDisposable
{
    private static readonly RunLimits Limits = new() { Timeout = TimeSpan.FromSeconds(60) };

    private readonly ProcessRunner runner = new(TimeProvider.System, NullLogger<ProcessRunner>.Instance);
    private readonly CommandBuilder builder = CommandBuilder.Standard(WorkerOs.Linux);
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("hydra-exec-");
    private readonly RecordingSink sink = new();

    public void Dispose() => scratch.Delete(recursive: true);

    [Fact]
    public async Task Echo_hello_is_captured_and_streamed()
    {
        var result = await RunAsync(ProcessCommand.Of("echo", "hello"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello\n", result.Stdout);
        Assert.Equal("hello\n", sink.Stdout);
        Assert.Equal(6, result.StdoutBytes);
        Assert.False(result.TimedOut || result.Cancelled || result.Truncated);
        Assert.Null(result.StartError);
        Assert.True(result.ProcessId > 1);
        Assert.True(result.EndedAt >= result.StartedAt);
    }

    [Fact]
    public async Task The_exit_code_is_reported()
    {
        var result = await RunAsync(ProcessCommand.Of("bash", "-c", "exit 42"));

        Assert.Equal(42, result.ExitCode);
    }

    [Fact]
    public async Task Stderr_is_captured_separately_from_stdout()
    {
        var result = await RunAsync(ProcessCommand.Of("bash", "-c", "echo out; echo err >&2"));

        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.Equal("err\n", sink.Stderr);
    }

    [Fact]
    public async Task Shell_args_reach_dollar_one_unexpanded()
    {
        var command = builder.Build(new ExecutorSpec { Type = "shell", Script = "printf '%s|' \"$1\" \"$2\" \"$0\"", Args = ["a b", "$HOME"] });

        var result = await RunAsync(command);

        Assert.Equal("a b|$HOME|hydra|", result.Stdout);
    }

    [Fact]
    public async Task External_args_reach_argv_without_a_shell()
    {
        var command = builder.Build(new ExecutorSpec { Type = "external", Command = "printf", Args = ["%s|", "a b", "$(id)", "*"] });

        var result = await RunAsync(command);

        Assert.Equal("a b|$(id)|*|", result.Stdout);
    }

    [Fact]
    public async Task The_environment_overlay_is_visible_over_the_workers_environment()
    {
        var command = builder.Build(
            new ExecutorSpec { Type = "shell", Shell = "sh", Script = "echo \"$GREETING $HYDRA_RUN_ID ${HOME:+home-inherited}\"", Env = new() { ["GREETING"] = "hi" } },
            new Dictionary<string, string> { ["HYDRA_RUN_ID"] = "run-1" });

        var result = await RunAsync(command);

        Assert.Equal("hi run-1 home-inherited\n", result.Stdout);
    }

    [Fact]
    public async Task A_null_overlay_value_removes_the_variable()
    {
        var command = ProcessCommand.Of("printenv", "HOME") with { Environment = new Dictionary<string, string?> { ["HOME"] = null } };

        var result = await RunAsync(command);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task The_working_directory_is_honoured()
    {
        var result = await RunAsync(ProcessCommand.Of("pwd") with { WorkingDirectory = scratch.FullName });

        Assert.Equal(scratch.FullName + "\n", result.Stdout);
    }

    [Fact]
    public async Task A_missing_working_directory_is_a_start_error_and_is_not_created()
    {
        var missing = Path.Combine(scratch.FullName, "nope");

        var result = await RunAsync(ProcessCommand.Of("pwd") with { WorkingDirectory = missing });

        Assert.Equal($"workdir '{missing}' does not exist", result.StartError);
        Assert.Null(result.ExitCode);
        Assert.Equal(0, result.ProcessId);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task A_missing_command_is_a_start_error()
    {
        var result = await RunAsync(ProcessCommand.Of("hydra-no-such-command"));

        Assert.Equal("command 'hydra-no-such-command' not found", result.StartError);
        Assert.Null(result.ExitCode);
        Assert.Equal(0, result.ProcessId);
    }

    [Fact]
    public async Task A_relative_program_path_is_resolved_in_the_working_directory_and_must_be_executable()
    {
        var script = Path.Combine(scratch.FullName, "job.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho from-script\n");
        var command = ProcessCommand.Of("./job.sh") with { WorkingDirectory = scratch.FullName };

        Assert.Equal("command './job.sh' is not executable", (await RunAsync(command)).StartError);

        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Assert.Equal("from-script\n", (await RunAsync(command)).Stdout);
    }

    [Fact]
    public async Task Five_MiB_on_stdout_and_stderr_at_once_neither_deadlocks_nor_exceeds_the_cap()
    {
        const int Body = 5 * 1024 * 1024;
        const string script =
            "{ printf HEAD; head -c 5242880 /dev/zero | tr '\\0' o; printf TAIL; } & " +
            "{ printf head; head -c 5242880 /dev/zero | tr '\\0' e; printf tail; } >&2; wait";

        var result = await RunAsync(ProcessCommand.Of("bash", "-c", script));

        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Truncated);
        Assert.Equal(Body + 8, result.StdoutBytes);
        Assert.Equal(Body + 8, result.StderrBytes);

        // 1 MiB kept: 512 KiB head, 512 KiB tail, and the rest counted in the marker.
        var kept = 512 * 1024 - 4;
        var dropped = Body + 8 - (1024 * 1024);
        Assert.Equal($"HEAD{new string('o', kept)}\n…[hydra: {dropped} bytes truncated]…\n{new string('o', kept)}TAIL", result.Stdout);
        Assert.Equal($"head{new string('e', kept)}\n…[hydra: {dropped} bytes truncated]…\n{new string('e', kept)}tail", result.Stderr);

        // The live log saw everything; only the captured copy is capped.
        Assert.Equal(Body + 8, sink.Stdout.Length);
        Assert.Equal(Body + 8, sink.Stderr.Length);
        Assert.False(sink.Overlapped);
    }

    [Fact]
    public async Task Multi_byte_utf8_survives_capture_and_streaming()
    {
        var expected = string.Concat(Enumerable.Repeat("é€😀", 40_000));
        var code = "import sys; sys.stdout.buffer.write(('é€😀' * 40000).encode()); sys.stderr.buffer.write('ß'.encode())";

        var result = await RunAsync(builder.Build(new ExecutorSpec { Type = "python", Code = code }));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Stdout);
        Assert.Equal(Encoding.UTF8.GetByteCount(expected), result.StdoutBytes);
        Assert.Equal("ß", result.Stderr);
        Assert.Equal(expected, sink.Stdout);
        Assert.Equal(0, sink.ChunksWithReplacement);
    }

    [Fact]
    public async Task Chunks_reach_the_sink_while_the_process_still_runs()
    {
        var gate = Path.Combine(scratch.FullName, "gate");
        var command = ProcessCommand.Of("bash", "-c", "echo first; while [ ! -e \"$1\" ]; do sleep 0.02; done; echo second", "hydra", gate);

        var run = RunAsync(command);
        await sink.SeenAsync(IOutputSink.Stdout, "first\n").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(run.IsCompleted);
        await File.WriteAllTextAsync(gate, "");
        var result = await run;
        Assert.Equal("first\nsecond\n", result.Stdout);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_failing_sink_does_not_fail_the_run()
    {
        var result = await runner.RunAsync(ProcessCommand.Of("echo", "still here"), Limits, new ThrowingSink(), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("still here\n", result.Stdout);
    }

    [Fact]
    public async Task Python_minus_c_prints_and_receives_args()
    {
        var command = builder.Build(new ExecutorSpec { Type = "python", Code = "import sys; print('py', sys.argv[1:])", Args = ["x y"] });

        var result = await RunAsync(command);

        Assert.Equal("py ['x y']\n", result.Stdout);
    }

    [Fact]
    public async Task Stdin_is_closed_so_cat_ends_at_once()
    {
        var result = await runner.RunAsync(
            ProcessCommand.Of("cat"), new RunLimits { Timeout = TimeSpan.FromSeconds(20) }, sink, CancellationToken.None);

        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_start_starts_nothing()
    {
        var result = await runner.RunAsync(ProcessCommand.Of("echo", "never"), Limits, sink, new CancellationToken(canceled: true));

        Assert.True(result.Cancelled);
        Assert.Equal(0, result.ProcessId);
        Assert.Equal("", sink.Stdout);
    }

    private Task<ProcessResult> RunAsync(ProcessCommand command) => runner.RunAsync(command, Limits, sink, CancellationToken.None);

    private sealed class ThrowingSink : IOutputSink
    {
        public ValueTask WriteAsync(string stream, string text, CancellationToken cancel) =>
            ValueTask.FromException(new IOException("live log is down"));
    }
}
