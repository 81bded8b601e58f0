using Hydra.Shared.Jobs;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// <c>shell</c>: the script runs as <c>-c</c> text of the chosen shell. For POSIX shells the job's <c>args</c>
/// follow a fixed <c>$0</c> of <c>hydra</c>, so they arrive as <c>$1…</c> without ever being pasted into the script
/// (no quoting, no injection). bash runs as a login shell (<c>-lc</c>), as hydra-jobs did, so /etc/profile and
/// ~/.profile set up PATH the way an operator's own login would.
/// </summary>
internal sealed class ShellCommandBuilder : IExecutorCommandBuilder
{
    /// <summary>The <c>$0</c> of POSIX shell scripts; what error messages like <c>hydra: line 3: …</c> show.</summary>
    public const string ScriptName = "hydra";

    private const string Supported = "bash, sh, zsh, pwsh, powershell";

    public string ExecutorType => "shell";

    public ProcessCommand Build(ExecutorSpec executor, WorkerOs os)
    {
        ArgumentNullException.ThrowIfNull(executor);
        var script = executor.Script;
        if (string.IsNullOrEmpty(script))
        {
            throw new InvalidExecutorException("shell executor needs a script");
        }

        var shell = string.IsNullOrWhiteSpace(executor.Shell) ? "bash" : executor.Shell.Trim().ToLowerInvariant();
        var args = executor.Args ?? [];
        return shell switch
        {
            "bash" => ProcessCommand.Of("bash", ["-lc", script, ScriptName, .. args]),
            "sh" or "zsh" => ProcessCommand.Of(shell, ["-c", script, ScriptName, .. args]),
            "pwsh" => PowerShell("pwsh", script, args),
            "powershell" when os == WorkerOs.Windows => PowerShell("powershell", script, args),
            "powershell" => throw new InvalidExecutorException(
                "shell 'powershell' (Windows PowerShell) needs a Windows worker; use 'pwsh' elsewhere"),
            _ => throw new InvalidExecutorException($"unknown shell '{executor.Shell}'; supported: {Supported}"),
        };
    }

    /// <summary>
    /// PowerShell's <c>-Command</c> joins whatever follows the script into the script text itself, so passing
    /// args would splice user data into code. Refuse them rather than drop them silently; env works instead.
    /// </summary>
    private static ProcessCommand PowerShell(string program, string script, List<string> args)
    {
        if (args.Count > 0)
        {
            throw new InvalidExecutorException(
                $"shell '{program}' does not take args (PowerShell would paste them into the script); pass values in env");
        }

        return ProcessCommand.Of(program, ["-NoProfile", "-NonInteractive", "-Command", script]);
    }
}
