using Hydra.Shared.Jobs;
using Hydra.WorkerHost.Execution;

namespace Hydra.Tests.Execution;

public sealed class CommandBuilderTests
{
    private static readonly CommandBuilder Linux = CommandBuilder.Standard(WorkerOs.Linux);
    private static readonly CommandBuilder Windows = CommandBuilder.Standard(WorkerOs.Windows);

    [Fact]
    public void Bash_runs_as_a_login_shell_with_args_as_positional_parameters()
    {
        var command = Linux.Build(new ExecutorSpec { Type = "shell", Script = "echo $1", Args = ["a b", "c"] });

        Assert.Equal("bash", command.FileName);
        Assert.Equal(["-lc", "echo $1", "hydra", "a b", "c"], command.Arguments);
    }

    [Theory]
    [InlineData("sh")]
    [InlineData("zsh")]
    [InlineData(" ZSH ")]
    public void Other_posix_shells_take_the_script_with_minus_c(string shell)
    {
        var command = Linux.Build(new ExecutorSpec { Type = "shell", Shell = shell, Script = "echo $1", Args = ["x"] });

        Assert.Equal(shell.Trim().ToLowerInvariant(), command.FileName);
        Assert.Equal(["-c", "echo $1", "hydra", "x"], command.Arguments);
    }

    [Fact]
    public void Pwsh_runs_without_profile_and_non_interactive()
    {
        var command = Linux.Build(new ExecutorSpec { Type = "shell", Shell = "pwsh", Script = "Write-Output 1" });

        Assert.Equal("pwsh", command.FileName);
        Assert.Equal(["-NoProfile", "-NonInteractive", "-Command", "Write-Output 1"], command.Arguments);
    }

    [Fact]
    public void Windows_powershell_runs_on_windows_only()
    {
        var spec = new ExecutorSpec { Type = "shell", Shell = "powershell", Script = "Write-Output 1" };

        var command = Windows.Build(spec);
        Assert.Equal("powershell", command.FileName);
        Assert.Equal(["-NoProfile", "-NonInteractive", "-Command", "Write-Output 1"], command.Arguments);

        var error = Assert.Throws<InvalidExecutorException>(() => Linux.Build(spec));
        Assert.Contains("needs a Windows worker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PowerShell_refuses_args_instead_of_pasting_them_into_the_script()
    {
        var error = Assert.Throws<InvalidExecutorException>(() =>
            Linux.Build(new ExecutorSpec { Type = "shell", Shell = "pwsh", Script = "x", Args = ["; rm -rf /"] }));

        Assert.Contains("does not take args", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_shell_is_a_clear_error_naming_the_supported_ones()
    {
        var error = Assert.Throws<InvalidExecutorException>(() =>
            Linux.Build(new ExecutorSpec { Type = "shell", Shell = "fish", Script = "echo" }));

        Assert.Equal("unknown shell 'fish'; supported: bash, sh, zsh, pwsh, powershell", error.Message);
    }

    [Fact]
    public void A_shell_without_a_script_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidExecutorException>(() => Linux.Build(new ExecutorSpec { Type = "shell" }));

        Assert.Equal("shell executor needs a script", error.Message);
    }

    [Fact]
    public void External_runs_the_command_with_its_args_and_no_shell()
    {
        var command = Linux.Build(new ExecutorSpec { Type = "external", Command = "/usr/bin/printf", Args = ["%s", "$HOME"] });

        Assert.Equal("/usr/bin/printf", command.FileName);
        Assert.Equal(["%s", "$HOME"], command.Arguments);
    }

    [Fact]
    public void Batch_is_cmd_c_on_windows_and_a_clear_error_elsewhere()
    {
        var spec = new ExecutorSpec { Type = "batch", Script = "echo hi" };

        var command = Windows.Build(spec);
        Assert.Equal("cmd", command.FileName);
        Assert.Equal(["/c", "echo hi"], command.Arguments);

        var error = Assert.Throws<InvalidExecutorException>(() => Linux.Build(spec));
        Assert.Equal("batch needs a Windows worker", error.Message);
    }

    [Fact]
    public void Python_runs_code_with_minus_c_and_args_as_argv_unbuffered()
    {
        var command = Linux.Build(new ExecutorSpec { Type = "python", Code = "print(1)", Args = ["x"] });

        Assert.Equal("python3", command.FileName);
        Assert.Equal(["-c", "print(1)", "x"], command.Arguments);
        Assert.Equal("1", command.Environment["PYTHONUNBUFFERED"]);
    }

    [Fact]
    public void Python_takes_script_as_an_alias_of_code_and_a_chosen_interpreter()
    {
        var command = Linux.Build(new ExecutorSpec { Type = "python", Script = "print(2)", Interpreter = "/opt/py/bin/python3.12" });

        Assert.Equal("/opt/py/bin/python3.12", command.FileName);
        Assert.Equal(["-c", "print(2)"], command.Arguments);
    }

    [Theory]
    [InlineData("venv", "python environment 'venv' needs its setup step and cannot run as a plain command")]
    [InlineData("conda", "unknown python environment 'conda'; supported: system, venv, uv")]
    public void Python_environments_other_than_system_are_refused_by_name(string type, string message)
    {
        var error = Assert.Throws<InvalidExecutorException>(() =>
            Linux.Build(new ExecutorSpec { Type = "python", Code = "1", Environment = new PythonEnvironmentSpec { Type = type } }));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_unknown_or_missing_type_is_a_clear_error()
    {
        Assert.Equal(
            "unknown executor type 'http'; supported: batch, external, python, shell",
            Assert.Throws<InvalidExecutorException>(() => Linux.Build(new ExecutorSpec { Type = "http" })).Message);
        Assert.Equal(
            "executor type is required",
            Assert.Throws<InvalidExecutorException>(() => Linux.Build(new ExecutorSpec())).Message);
    }

    [Fact]
    public void Environment_is_the_type_defaults_then_job_env_then_run_variables_which_win()
    {
        var spec = new ExecutorSpec
        {
            Type = "python",
            Code = "1",
            Env = new() { ["PYTHONUNBUFFERED"] = "0", ["GREETING"] = "hi", ["HYDRA_RUN_ID"] = "spoofed" },
        };

        var command = Linux.Build(spec, new Dictionary<string, string> { ["HYDRA_RUN_ID"] = "run-1" });

        Assert.Equal("0", command.Environment["PYTHONUNBUFFERED"]);
        Assert.Equal("hi", command.Environment["GREETING"]);
        Assert.Equal("run-1", command.Environment["HYDRA_RUN_ID"]);
    }

    [Fact]
    public void Environment_names_are_case_insensitive_on_windows_only()
    {
        var spec = new ExecutorSpec { Type = "external", Command = "x", Env = new() { ["Path"] = "a" } };
        var run = new Dictionary<string, string> { ["PATH"] = "b" };

        Assert.Equal("b", Assert.Single(Windows.Build(spec, run).Environment).Value);
        Assert.Equal(2, Linux.Build(spec, run).Environment.Count);
    }

    [Fact]
    public void An_env_name_with_an_equals_sign_is_refused()
    {
        var error = Assert.Throws<InvalidExecutorException>(() =>
            Linux.Build(new ExecutorSpec { Type = "external", Command = "x", Env = new() { ["A=B"] = "c" } }));

        Assert.Equal("env name 'A=B' is not a valid variable name", error.Message);
    }

    [Fact]
    public void Workdir_is_passed_through_and_blank_means_the_workers_own()
    {
        Assert.Equal("/srv/job", Linux.Build(new ExecutorSpec { Type = "external", Command = "x", Workdir = "/srv/job" }).WorkingDirectory);
        Assert.Null(Linux.Build(new ExecutorSpec { Type = "external", Command = "x", Workdir = " " }).WorkingDirectory);
    }
}
