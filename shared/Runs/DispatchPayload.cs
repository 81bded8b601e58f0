using Hydra.Shared.Jobs;

namespace Hydra.Shared.Runs;

/// <summary>
/// Everything a worker needs to run one attempt of a run; it travels with the dispatch so the worker never
/// reads SQL. The function app stores it on the run (without lease) so a run can be re-dispatched from the
/// store alone; Redis adds the attempt number and lease token when a worker claims it.
/// </summary>
public sealed class DispatchPayload
{
    public required string RunId { get; set; }
    public required string JobId { get; set; }
    public required string Domain { get; set; }
    public string? JobName { get; set; }
    public string? User { get; set; }
    public int Attempt { get; set; } = 1;
    /// <summary>Set by the claim; a report carrying another token is superseded.</summary>
    public string? LeaseToken { get; set; }
    public required ExecutorSpec Executor { get; set; }
    public CompletionSpec? Completion { get; set; }
    public AffinitySpec? Affinity { get; set; }
    public int TimeoutSeconds { get; set; }
    public int Priority { get; set; } = JobModes.DefaultPriority;
    public int RetriesRemaining { get; set; }
    public RetryBackoffSpec? RetryBackoff { get; set; }
    /// <summary>When the run was enqueued (queue latency is measured from here).</summary>
    public DateTimeOffset EnqueuedAt { get; set; }
    public DateTimeOffset? ScheduledAt { get; set; }
    /// <summary>
    /// Env variables whose values came from domain secrets. Set only in the payload pushed to Redis (the stored one
    /// holds references, never values); the worker masks these values as <c>***</c> in everything it reports.
    /// </summary>
    public List<string>? SecretEnv { get; set; }
    /// <summary>Set when the function app could not prepare the run (a secret it names is gone): the worker fails the attempt with this reason without starting anything.</summary>
    public string? DispatchError { get; set; }
}
