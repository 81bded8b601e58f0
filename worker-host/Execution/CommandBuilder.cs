using Hydra.Shared.Jobs;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Turns a job's executor into the <see cref="ProcessCommand"/> to start on this worker: picks the builder for
/// <c>executor.type</c>, then applies what every type shares, the environment overlay and the working directory.
/// </summary>
internal sealed class CommandBuilder
{
    private readonly WorkerOs os;
    private readonly Dictionary<string, IExecutorCommandBuilder> builders;

    public CommandBuilder(WorkerOs os, IEnumerable<IExecutorCommandBuilder> builders)
    {
        ArgumentNullException.ThrowIfNull(builders);
        this.os = os;
        this.builders = builders.ToDictionary(b => b.ExecutorType, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>shell, batch, python (system environment) and external, for the given OS.</summary>
    public static CommandBuilder Standard(WorkerOs os) => new(
        os,
        [new ShellCommandBuilder(), new BatchCommandBuilder(), new PythonCommandBuilder(), new ExternalCommandBuilder()]);

    /// <summary>The command for <paramref name="executor"/>.</summary>
    /// <param name="executor">The job's executor.</param>
    /// <param name="runVariables">
    /// Variables the worker sets for the run (HYDRA_RUN_ID and the like). They win over the job's <c>env</c>:
    /// a job must not be able to make its own run misreport which run it is.
    /// </param>
    /// <exception cref="InvalidExecutorException">The executor cannot run here; the message says why.</exception>
    public ProcessCommand Build(ExecutorSpec executor, IReadOnlyDictionary<string, string>? runVariables = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        var type = executor.Type?.Trim();
        if (string.IsNullOrEmpty(type))
        {
            throw new InvalidExecutorException("executor type is required");
        }

        if (!builders.TryGetValue(type, out var builder))
        {
            var supported = string.Join(", ", builders.Keys.Order(StringComparer.Ordinal));
            throw new InvalidExecutorException($"unknown executor type '{type}'; supported: {supported}");
        }

        return Overlay(builder.Build(executor, os), executor, runVariables);
    }

    /// <summary>
    /// Applies what every process of a job shares to <paramref name="command"/>: the job's <c>env</c>, then the run
    /// variables, then the job's <c>workdir</c>. Setup steps (creating a venv, pip install) get it too, so
    /// <c>PIP_INDEX_URL</c> or <c>PIP_NO_INDEX</c> in the job's env reach pip.
    /// </summary>
    public ProcessCommand Overlay(ProcessCommand command, ExecutorSpec executor, IReadOnlyDictionary<string, string>? runVariables = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(executor);

        // Windows environment names are case-insensitive: Path and PATH are one variable there.
        var names = os == WorkerOs.Windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var environment = new Dictionary<string, string?>(command.Environment, names);
        foreach (var (name, value) in executor.Env ?? [])
        {
            environment[ValidName(name)] = value?.Value;
        }

        foreach (var (name, value) in runVariables ?? new Dictionary<string, string>())
        {
            environment[ValidName(name)] = value;
        }

        var workdir = string.IsNullOrWhiteSpace(executor.Workdir) ? command.WorkingDirectory : executor.Workdir;
        return command with { Environment = environment, WorkingDirectory = workdir };
    }

    /// <summary>A name with '=' or NUL would corrupt the child's environment block instead of setting a variable.</summary>
    private static string ValidName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidExecutorException($"env name '{name}' is not a valid variable name");
        }

        return name;
    }
}
