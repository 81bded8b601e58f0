using Hydra.Shared.Jobs;
using Hydra.WorkerHost.Execution;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// The executors that are one process: shell, batch, external. Asked last, it also takes any type nobody else
/// knows, so an unknown type fails with the command builder's list of supported ones.
/// </summary>
internal sealed class ProcessAttemptRunner(CommandBuilder commands, ProcessRunner runner, TimeProvider time) : IAttemptRunner
{
    public bool Handles(ExecutorSpec executor) => true;

    public async Task<AttemptResult> RunAsync(AttemptContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var executor = context.Payload.Executor;
        ProcessCommand command;
        try
        {
            command = commands.Build(executor, context.RunVariables);
        }
        catch (InvalidExecutorException ex)
        {
            return AttemptResult.Failed(ex.Message, time.GetUtcNow());
        }

        if (WorkdirCheck.Prepare(executor) is { } problem)
        {
            return AttemptResult.Failed(problem, time.GetUtcNow());
        }

        if (context.RemainingLimits() is not { } limits)
        {
            var now = time.GetUtcNow();
            return AttemptResult.TimedOut(context.Payload, now, now);
        }

        return AttemptResult.Judge(context.Payload, await runner.RunAsync(command, limits, context.Log, context.OnStarted, ct));
    }
}
