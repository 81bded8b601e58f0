using System.Globalization;
using System.Text;
using Hydra.WorkerHost.Execution;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// Runs the steps before a script (create a venv, install requirements, resolve a uv environment) as processes
/// with the job's env and workdir and the attempt's remaining time. Their output streams to the live log after a
/// marker line saying what the step is, and stays out of the script's captured stdout, so completion rules judge
/// the script alone. A failed step ends the attempt as <c>environment setup failed: …</c>, with the steps' output as
/// its stderr, never as the script's exit code.
/// </summary>
internal sealed class EnvironmentSetup(ProcessRunner runner, CommandBuilder commands, AttemptContext context, DateTimeOffset startedAt)
{
    public const string FailurePrefix = "environment setup failed: ";

    private readonly StringBuilder _output = new();

    /// <summary>Runs one step; null when it succeeded, otherwise the result that ends the attempt.</summary>
    /// <param name="what">The step for a person: "installing requirements: requests".</param>
    /// <param name="command">The step's program and arguments; the job's env and workdir are added here.</param>
    /// <param name="ct">Cancels the step (and the attempt).</param>
    public async Task<AttemptResult?> RunAsync(string what, ProcessCommand command, CancellationToken ct)
    {
        await context.NoteAsync(what, CancellationToken.None);
        var limits = context.RemainingLimits();
        if (limits is null)
        {
            return AttemptResult.TimedOut(context.Payload, startedAt, context.Time.GetUtcNow(), _output.ToString());
        }

        var full = commands.Overlay(command, context.Payload.Executor, context.RunVariables);
        var result = await runner.RunAsync(full, limits, context.Log, context.OnStarted, ct);
        _output.Append(result.Stdout).Append(result.Stderr);
        if (result.StartError is { } problem)
        {
            return Failed($"{what}: {problem}", result.EndedAt);
        }

        if (result.Cancelled)
        {
            return AttemptResult.Cancelled(startedAt, result.EndedAt, _output.ToString());
        }

        if (result.TimedOut)
        {
            return AttemptResult.TimedOut(context.Payload, startedAt, result.EndedAt, _output.ToString());
        }

        if (result.ExitCode is not 0)
        {
            var code = result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "no exit code";
            return Failed($"{what} exited with {code}{LastLine()}", result.EndedAt);
        }

        return null;
    }

    /// <summary>A setup failure that happened before any step could start (uv missing, a broken venv_path).</summary>
    public AttemptResult Failed(string reason, DateTimeOffset at) =>
        AttemptResult.Failed(FailurePrefix + reason, at, _output.ToString()) with { StartedAt = startedAt };

    /// <summary>pip and uv put the cause on their last line ("No matching distribution found for …").</summary>
    private string LastLine()
    {
        var line = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return string.IsNullOrEmpty(line) ? "" : ": " + (line.Length > 300 ? line[..300] + "…" : line);
    }
}
