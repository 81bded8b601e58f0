using Hydra.Shared.Jobs;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Turns one executor <c>type</c> into the program and arguments to start. One small class per type, so a new
/// type (or a richer python environment) is a new class, not a new branch in a switch. Environment overlay and
/// working directory, common to every type, are applied by <see cref="CommandBuilder"/>.
/// </summary>
internal interface IExecutorCommandBuilder
{
    /// <summary>The <c>executor.type</c> this builder handles, lower case.</summary>
    string ExecutorType { get; }

    /// <summary>
    /// The command for <paramref name="executor"/> on <paramref name="os"/>. Its <see cref="ProcessCommand.Environment"/>
    /// holds variables the type itself needs (the job's <c>env</c> overrides them).
    /// </summary>
    /// <exception cref="InvalidExecutorException">The executor cannot run on this OS or lacks a field.</exception>
    ProcessCommand Build(ExecutorSpec executor, WorkerOs os);
}
