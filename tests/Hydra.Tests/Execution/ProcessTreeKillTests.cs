using System.Runtime.Versioning;
using Hydra.WorkerHost.Execution;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Tests.Execution;

/// <summary>
/// Timeout and cancel end the whole process tree. Each test uses its own sleep length as a marker, so it can scan
/// /proc for anything it left without seeing other tests' processes.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ProcessTreeKillTests
{
    private static readonly RunLimits OneSecond = new() { Timeout = TimeSpan.FromSeconds(1) };

    private readonly ProcessRunner runner = new(TimeProvider.System, NullLogger<ProcessRunner>.Instance);
    private readonly RecordingSink sink = new();

    [Fact]
    public async Task A_timeout_kills_the_process_and_reports_timed_out()
    {
        var result = await runner.RunAsync(ProcessCommand.Of("sleep", "30"), OneSecond, sink, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.False(result.Cancelled);
        Assert.Equal(128 + ProcessGroupSignals.SigTerm, result.ExitCode);
        Assert.True(result.Duration < TimeSpan.FromSeconds(20), $"took {result.Duration}");
    }

    [Fact]
    public async Task A_timeout_leaves_no_process_of_the_tree_behind()
    {
        const string script = "sleep 31.5 & echo \"child $!\"; sleep 31.5 & echo \"child $!\"; wait";

        var result = await runner.RunAsync(ProcessCommand.Of("bash", "-c", script), OneSecond, sink, CancellationToken.None);

        Assert.True(result.TimedOut);
        var children = ProcessTable.PidsAfter(result.Stdout, "child");
        Assert.Equal(2, children.Count);
        await ProcessTable.AssertNoneLeftAsync("31.5");
    }

    [Fact]
    public async Task Cancellation_leaves_no_sleep_behind()
    {
        using var cancel = new CancellationTokenSource();
        var run = runner.RunAsync(ProcessCommand.Of("bash", "-c", "sleep 100.3 & sleep 100.3 & wait"), RunLimits.Default, sink, cancel.Token);

        await Hydra.Tests.Infrastructure.Eventually.TrueAsync(
            () => Task.FromResult(ProcessTable.Matching("100.3").Count(p => p.CommandLine == "sleep 100.3") == 2),
            TimeSpan.FromSeconds(20),
            "both sleeps running");
        await cancel.CancelAsync();
        var result = await run;

        Assert.True(result.Cancelled);
        Assert.False(result.TimedOut);
        await ProcessTable.AssertNoneLeftAsync("100.3");
    }

    [Fact]
    public async Task A_double_forked_grandchild_left_in_the_group_is_killed_too()
    {
        // The subshell exits at once, so the sleep is re-parented: no longer a descendant, still in the group.
        const string script = "( sleep 41.5 & echo \"grandchild $!\" ); sleep 41.6";

        var result = await runner.RunAsync(ProcessCommand.Of("bash", "-c", script), OneSecond, sink, CancellationToken.None);

        Assert.True(result.TimedOut);
        var grandchild = Assert.Single(ProcessTable.PidsAfter(result.Stdout, "grandchild"));
        await ProcessTable.AssertNoneLeftAsync("41.5");
        Assert.False(ProcessTable.IsRunning(grandchild, "sleep 41.5"));
    }

    [Fact]
    public async Task Processes_left_in_the_group_after_a_normal_exit_are_ended_and_do_not_hold_the_run()
    {
        // The leftover inherits stdout; without ending it the run would wait for it to close the pipe.
        const string script = "( sleep 51.5 & echo \"leftover $!\" ); echo done";
        var limits = new RunLimits { Timeout = TimeSpan.FromSeconds(30) };

        var result = await runner.RunAsync(ProcessCommand.Of("bash", "-c", script), limits, sink, CancellationToken.None);

        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("done\n", result.Stdout, StringComparison.Ordinal);
        Assert.Single(ProcessTable.PidsAfter(result.Stdout, "leftover"));
        Assert.True(result.Duration < TimeSpan.FromSeconds(20), $"took {result.Duration}");
        await ProcessTable.AssertNoneLeftAsync("51.5");
    }

    [Fact]
    public async Task A_tree_that_ignores_sigterm_gets_sigkill_after_the_grace_period()
    {
        // An ignored signal stays ignored across fork and exec, so the sleep ignores SIGTERM as well.
        const string script = "trap '' TERM; sleep 61.5 & echo \"child $!\"; wait";
        var limits = new RunLimits { Timeout = TimeSpan.FromSeconds(1), KillGrace = TimeSpan.FromMilliseconds(500) };

        var result = await runner.RunAsync(ProcessCommand.Of("bash", "-c", script), limits, sink, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Equal(128 + ProcessGroupSignals.SigKill, result.ExitCode);
        Assert.True(result.Duration >= TimeSpan.FromSeconds(1.4), $"took {result.Duration}: the grace period was skipped");
        Assert.Single(ProcessTable.PidsAfter(result.Stdout, "child"));
        await ProcessTable.AssertNoneLeftAsync("61.5");
    }

    [Fact]
    public async Task The_child_leads_its_own_process_group_and_session_and_its_pid_is_announced()
    {
        var announced = 0;

        var result = await runner.RunAsync(
            ProcessCommand.Of("bash", "-c", "cat /proc/$$/stat"), RunLimits.Default, sink, pid => announced = pid, CancellationToken.None);

        var (pid, group, session) = ProcessTable.ParseStat(result.Stdout);
        Assert.Equal(result.ProcessId, pid);
        Assert.Equal(pid, group);
        Assert.Equal(pid, session);
        Assert.Equal(pid, result.ProcessGroupId);
        Assert.Equal(pid, announced);
    }

    [Fact]
    public async Task The_perl_launcher_used_on_macos_gives_the_same_group_and_kills_the_same_tree()
    {
        var perlRunner = new ProcessRunner(TimeProvider.System, NullLogger<ProcessRunner>.Instance, ProcessGroupLauncher.Perl);

        var stat = await perlRunner.RunAsync(ProcessCommand.Of("bash", "-c", "cat /proc/$$/stat"), RunLimits.Default, sink, CancellationToken.None);
        var (pid, group, _) = ProcessTable.ParseStat(stat.Stdout);
        Assert.Equal(stat.ProcessId, pid);
        Assert.Equal(pid, group);

        var result = await perlRunner.RunAsync(
            ProcessCommand.Of("bash", "-c", "( sleep 71.5 & echo \"grandchild $!\" ); sleep 71.6"), OneSecond, sink, CancellationToken.None);
        Assert.True(result.TimedOut);
        Assert.Single(ProcessTable.PidsAfter(result.Stdout, "grandchild"));
        await ProcessTable.AssertNoneLeftAsync("71.5");
    }
}
