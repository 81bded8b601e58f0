using Hydra.Shared.Jobs;

namespace Hydra.WorkerHost.Execution;

/// <summary><c>batch</c>: <c>cmd /c &lt;script&gt;</c>, on Windows workers only.</summary>
internal sealed class BatchCommandBuilder : IExecutorCommandBuilder
{
    public string ExecutorType => "batch";

    public ProcessCommand Build(ExecutorSpec executor, WorkerOs os)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (os != WorkerOs.Windows)
        {
            throw new InvalidExecutorException("batch needs a Windows worker");
        }

        if (string.IsNullOrEmpty(executor.Script))
        {
            throw new InvalidExecutorException("batch executor needs a script");
        }

        if (!string.IsNullOrWhiteSpace(executor.Shell) && !string.Equals(executor.Shell.Trim(), "cmd", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidExecutorException($"unknown batch shell '{executor.Shell}'; supported: cmd");
        }

        // %1… exist only inside a .bat file, not in cmd /c text: args would be silently lost, so refuse them.
        if (executor.Args is { Count: > 0 })
        {
            throw new InvalidExecutorException("batch executor does not take args; pass values in env");
        }

        return ProcessCommand.Of("cmd", ["/c", executor.Script]);
    }
}
