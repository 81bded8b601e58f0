namespace Hydra.Functions.Store;

/// <summary>
/// One change reported from Redis (an attempt started, finished, was lost or superseded), applied by IngestSweep.
/// Applying is idempotent and conditional:
/// - the attempt row (run_id, attempt) is upserted; non-null fields overwrite, null fields keep what is there;
/// - when <see cref="RunStatus"/> is set, the run row is updated only if it is not terminal
///   (success, failed, timed_out, cancelled) and its attempt is &lt;= <see cref="Attempt"/>, so a late or
///   duplicate report loses instead of overwriting; <see cref="NextAttempt"/> (for a retry or failover)
///   sets the run's attempt to it and its status back to queued.
/// - a superseded report only writes its attempt row with superseded = true.
/// </summary>
internal sealed record RunUpdate
{
    public required string RunId { get; init; }
    public required string Domain { get; init; }
    public required int Attempt { get; init; }
    public required string AttemptStatus { get; init; }
    public string? RunStatus { get; init; }
    public int? NextAttempt { get; init; }
    public int? RetriesRemaining { get; init; }
    public string? WorkerId { get; init; }
    public int? Slot { get; init; }
    public string? LeaseToken { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? ReturnCode { get; init; }
    public string? Stdout { get; init; }
    public string? Stderr { get; init; }
    public string? CompletionReason { get; init; }
    public long? QueueLatencyMs { get; init; }
    public bool Superseded { get; init; }
}
