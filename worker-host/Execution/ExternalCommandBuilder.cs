using Hydra.Shared.Jobs;

namespace Hydra.WorkerHost.Execution;

/// <summary><c>external</c>: the program itself with <c>args</c> as its argv, no shell in between.</summary>
internal sealed class ExternalCommandBuilder : IExecutorCommandBuilder
{
    public string ExecutorType => "external";

    public ProcessCommand Build(ExecutorSpec executor, WorkerOs os)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (string.IsNullOrWhiteSpace(executor.Command))
        {
            throw new InvalidExecutorException("external executor needs a command");
        }

        return ProcessCommand.Of(executor.Command, [.. executor.Args ?? []]);
    }
}
