using Hydra.Shared.Jobs;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// <c>python</c> with the system environment: <c>&lt;interpreter&gt; -c &lt;code&gt; &lt;args…&gt;</c>, so args
/// arrive as <c>sys.argv[1:]</c>. venv and uv environments need setup and teardown around the run and are a
/// separate builder's job; until one is registered they are refused by name rather than run on the system python.
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
            throw new InvalidExecutorException($"python environment '{environment}' is not supported by this worker yet; use 'system'");
        }

        if (environment is not (null or "" or "system"))
        {
            throw new InvalidExecutorException($"unknown python environment '{executor.Environment!.Type}'; supported: system, venv, uv");
        }

        // The python.org installer for Windows provides python.exe; python3.exe there is usually the Store stub.
        var interpreter = string.IsNullOrWhiteSpace(executor.Interpreter)
            ? os == WorkerOs.Windows ? "python" : "python3"
            : executor.Interpreter.Trim();

        // Python block-buffers stdout into a pipe, which would hold the live log back until exit; the job's env
        // can still set PYTHONUNBUFFERED to something else.
        var variables = new Dictionary<string, string?> { ["PYTHONUNBUFFERED"] = "1" };
        return new ProcessCommand(interpreter, ["-c", code, .. executor.Args ?? []], variables, WorkingDirectory: null);
    }
}
