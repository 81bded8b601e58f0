using Hydra.Shared.Jobs;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// Runs one kind of executor from start to verdict. Most kinds are one process (<see cref="ProcessAttemptRunner"/>);
/// python with a venv or uv prepares an environment first and removes it after (<see cref="PythonAttemptRunner"/>);
/// http is no process at all (<see cref="HttpAttemptRunner"/>). Never throws for a bad job, a failing step or a
/// cancellation: each of those is a result with a reason.
/// </summary>
internal interface IAttemptRunner
{
    /// <summary>True when this runner takes <paramref name="executor"/>; the executor asks runners in order.</summary>
    bool Handles(ExecutorSpec executor);

    Task<AttemptResult> RunAsync(AttemptContext context, CancellationToken ct);
}
