using System.Security.Cryptography;
using Hydra.Shared.Jobs;
using Hydra.WorkerHost.Execution;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// <c>python</c> in its three environments:
/// <list type="bullet">
/// <item><c>system</c>: the interpreter on PATH (<c>python3.X</c> for a python_version), checked before starting so a
/// missing version reads "python 3.12 is not installed on this worker".</item>
/// <item><c>venv</c>: an existing <c>venv_path</c>, or a temporary one created with <c>python -m venv</c> for this
/// attempt and removed afterwards, whatever the ending; requirements are installed into it with pip.</item>
/// <item><c>uv</c>: <c>uv run --python … --with …</c>; a first <c>uv run</c> that only resolves the environment is
/// the setup step, so an unresolvable requirement is a setup failure, not the script's exit code.</item>
/// </list>
/// </summary>
internal sealed class PythonAttemptRunner(
    CommandBuilder commands, ProcessRunner runner, WorkerOs os, TimeProvider time, ILogger<PythonAttemptRunner> log) : IAttemptRunner
{
    public bool Handles(ExecutorSpec executor) =>
        string.Equals(executor?.Type?.Trim(), JobModes.Python, StringComparison.OrdinalIgnoreCase);

    public async Task<AttemptResult> RunAsync(AttemptContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var startedAt = time.GetUtcNow();
        var executor = context.Payload.Executor;
        if (WorkdirCheck.Prepare(executor) is { } problem)
        {
            return AttemptResult.Failed(problem, startedAt);
        }

        var setup = new EnvironmentSetup(runner, commands, context, startedAt);
        var environment = executor.Environment?.Type?.Trim().ToLowerInvariant();
        return environment switch
        {
            null or "" or "system" => MissingInterpreter(executor) is { } missing
                ? AttemptResult.Failed(missing, startedAt)
                : await RunScriptAsync(context, executor, startedAt, ct),
            "venv" => await RunInVenvAsync(context, setup, startedAt, ct),
            "uv" => await RunWithUvAsync(context, setup, startedAt, ct),
            _ => AttemptResult.Failed($"unknown python environment '{executor.Environment!.Type}'; supported: system, venv, uv", startedAt),
        };
    }

    private async Task<AttemptResult> RunInVenvAsync(AttemptContext context, EnvironmentSetup setup, DateTimeOffset startedAt, CancellationToken ct)
    {
        var executor = context.Payload.Executor;
        var spec = executor.Environment!;
        var requirements = spec.Requirements?.Where(r => !string.IsNullOrWhiteSpace(r)).ToList() ?? [];
        var requirementsFile = string.IsNullOrWhiteSpace(spec.RequirementsFile) ? null : spec.RequirementsFile;
        var installs = requirements.Count > 0 || requirementsFile is not null;

        PreparedEnvironment prepared;
        if (!string.IsNullOrWhiteSpace(spec.VenvPath))
        {
            prepared = new PreparedEnvironment(PreparedEnvironment.VenvPython(spec.VenvPath), null, log);
            if (!File.Exists(prepared.Python))
            {
                return setup.Failed($"venv_path '{spec.VenvPath}' is not a virtual environment (no {prepared.Python})", time.GetUtcNow());
            }
        }
        else
        {
            if (MissingInterpreter(executor) is { } missing)
            {
                return setup.Failed(missing, time.GetUtcNow());
            }

            var name = $"hydra-venv-{context.Payload.RunId}-{context.Payload.Attempt}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
            var directory = Path.Combine(Path.GetTempPath(), name);
            prepared = new PreparedEnvironment(PreparedEnvironment.VenvPython(directory), directory, log);
        }

        await using (prepared)
        {
            if (prepared.TemporaryDirectory is { } directory)
            {
                // Without requirements pip is never used: skipping it makes creation take a fraction of a second.
                var interpreter = PythonCommandBuilder.Interpreter(executor, os);
                List<string> create = installs ? ["-m", "venv", directory] : ["-m", "venv", "--without-pip", directory];
                if (await setup.RunAsync($"creating a temporary virtual environment in {directory}", ProcessCommand.Of(interpreter, create), ct) is { } failed)
                {
                    return failed;
                }
            }

            if (installs)
            {
                List<string> pip = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", .. requirements];
                if (requirementsFile is not null)
                {
                    pip.AddRange(["-r", requirementsFile]);
                }

                var what = "installing requirements: " + string.Join(" ", requirementsFile is null ? requirements : [.. requirements, "-r " + requirementsFile]);
                if (await setup.RunAsync(what, ProcessCommand.Of(prepared.Python, pip), ct) is { } failed)
                {
                    return failed;
                }
            }

            await context.NoteAsync("environment ready; running the script", CancellationToken.None);
            var script = ForInterpreter(executor, prepared.Python);
            return await RunScriptAsync(context, script, startedAt, ct);
        }
    }

    private async Task<AttemptResult> RunWithUvAsync(AttemptContext context, EnvironmentSetup setup, DateTimeOffset startedAt, CancellationToken ct)
    {
        var executor = context.Payload.Executor;
        var spec = executor.Environment!;
        var uv = ExecutableSearch.Find("uv", JobPath(executor));
        if (uv is null)
        {
            return setup.Failed("uv is not installed on this worker (no uv on PATH)", time.GetUtcNow());
        }

        List<string> run = ["run", "--no-project"];
        if (ExecutorNeeds.PythonVersion(spec.PythonVersion) is { } version)
        {
            run.AddRange(["--python", version]);
        }
        else if (!ExecutorNeeds.UsesDefaultInterpreter(executor.Interpreter))
        {
            run.AddRange(["--python", executor.Interpreter!.Trim()]);
        }

        foreach (var requirement in spec.Requirements?.Where(r => !string.IsNullOrWhiteSpace(r)) ?? [])
        {
            run.AddRange(["--with", requirement]);
        }

        if (!string.IsNullOrWhiteSpace(spec.RequirementsFile))
        {
            run.AddRange(["--with-requirements", spec.RequirementsFile]);
        }

        if (await setup.RunAsync("resolving the uv environment", ProcessCommand.Of(uv, [.. run, "--", "python", "-c", ""]), ct) is { } failed)
        {
            return failed;
        }

        var code = executor.Code ?? executor.Script ?? "";
        var variables = new Dictionary<string, string?> { ["PYTHONUNBUFFERED"] = "1" };
        var command = commands.Overlay(
            new ProcessCommand(uv, [.. run, "--", "python", "-c", code, .. executor.Args ?? []], variables, WorkingDirectory: null),
            executor,
            context.RunVariables);
        return await RunCommandAsync(context, command, startedAt, ct);
    }

    private async Task<AttemptResult> RunScriptAsync(AttemptContext context, ExecutorSpec executor, DateTimeOffset startedAt, CancellationToken ct)
    {
        ProcessCommand command;
        try
        {
            command = commands.Build(executor, context.RunVariables);
        }
        catch (InvalidExecutorException ex)
        {
            return AttemptResult.Failed(ex.Message, time.GetUtcNow()) with { StartedAt = startedAt };
        }

        return await RunCommandAsync(context, command, startedAt, ct);
    }

    private async Task<AttemptResult> RunCommandAsync(AttemptContext context, ProcessCommand command, DateTimeOffset startedAt, CancellationToken ct)
    {
        if (context.RemainingLimits() is not { } limits)
        {
            return AttemptResult.TimedOut(context.Payload, startedAt, time.GetUtcNow());
        }

        var result = AttemptResult.Judge(context.Payload, await runner.RunAsync(command, limits, context.Log, context.OnStarted, ct));
        return result with { StartedAt = startedAt };
    }

    /// <summary>Why the interpreter a python_version names cannot run here, or null.</summary>
    private string? MissingInterpreter(ExecutorSpec executor)
    {
        if (ExecutorNeeds.PythonVersion(executor.Environment?.PythonVersion) is not { } version
            || !ExecutorNeeds.UsesDefaultInterpreter(executor.Interpreter))
        {
            return null;
        }

        var interpreter = PythonCommandBuilder.Interpreter(executor, os);
        return ExecutableSearch.Find(interpreter, JobPath(executor)) is null
            ? $"python {version} is not installed on this worker (no {interpreter} on PATH)"
            : null;
    }

    /// <summary>The PATH the job's processes get: its own env's, or the worker's.</summary>
    private static string? JobPath(ExecutorSpec executor) =>
        executor.Env is { } env && env.TryGetValue("PATH", out var path) ? path.Value : null;

    /// <summary>The job's executor, run by <paramref name="python"/> in the system way (the environment is ready).</summary>
    private static ExecutorSpec ForInterpreter(ExecutorSpec executor, string python) => new()
    {
        Type = executor.Type,
        Code = executor.Code ?? executor.Script,
        Interpreter = python,
        Args = executor.Args,
        Env = executor.Env,
        Workdir = executor.Workdir,
        CreateWorkdir = executor.CreateWorkdir,
    };
}
