using Hydra.Shared.Jobs;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// <c>python</c> with the system environment: <c>&lt;interpreter&gt; -c &lt;code&gt; &lt;args…&gt;</c>, so args
/// arrive as <c>sys.argv[1:]</c>. <c>environment.python_version</c> picks <c>python3.X</c> when the interpreter is the
/// default. venv and uv environments need setup and teardown around the run (PythonAttemptRunner), which hands this
/// builder the environment's own interpreter; reaching here with one of them unprepared is refused by name rather
/// than run on the system python.
/// </summary>
internal sealed class PythonCommandBuilder : IExecutorCommandBuilder
{
    public string ExecutorType => "python";

    public ProcessCommand Build(ExecutorSpec executor, WorkerOs os)
    {
        ArgumentNullException.ThrowIfNull(executor);
        var code = executor.Code ?? executor.Script;
        if (string.IsNullOrEmpty(code))
        {
            throw new InvalidExecutorException("python executor needs code");
        }

        var environment = executor.Environment?.Type?.Trim().ToLowerInvariant();
        if (environment is "venv" or "uv")
        {
            throw new InvalidExecutorException($"python environment '{environment}' needs its setup step and cannot run as a plain command");
        }

        if (environment is not (null or "" or "system"))
        {
            throw new InvalidExecutorException($"unknown python environment '{executor.Environment!.Type}'; supported: system, venv, uv");
        }

        // The python.org installer for Windows provides python.exe; python3.exe there is usually the Store stub.
        var interpreter = Interpreter(executor, os);

        // Python block-buffers stdout into a pipe, which would hold the live log back until exit; the job's env
        // can still set PYTHONUNBUFFERED to something else.
        var variables = new Dictionary<string, string?> { ["PYTHONUNBUFFERED"] = "1" };
        return new ProcessCommand(interpreter, ["-c", code, .. executor.Args ?? []], variables, WorkingDirectory: null);
    }

    /// <summary>The interpreter the job names, <c>python3.X</c> for a python_version, or the OS's default.</summary>
    public static string Interpreter(ExecutorSpec executor, WorkerOs os)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (ExecutorNeeds.UsesDefaultInterpreter(executor.Interpreter)
            && ExecutorNeeds.PythonVersion(executor.Environment?.PythonVersion) is { } version)
        {
            return "python" + version;
        }

        return string.IsNullOrWhiteSpace(executor.Interpreter)
            ? os == WorkerOs.Windows ? "python" : "python3"
            : executor.Interpreter.Trim();
    }
}
