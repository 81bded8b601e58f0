namespace Hydra.Functions.Store;

/// <summary>A job definition row: indexed scalar columns beside the JSON document (the API's JobDocument).</summary>
internal sealed record JobRecord(
    string Id,
    string Domain,
    string Name,
    bool Enabled,
    DateTimeOffset? NextRunAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    string Document);

internal sealed record JobQuery(string? Domain, string? Search, int Limit, string? Cursor);

internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// One occurrence of a job. <see cref="Dispatch"/> is the JSON dispatch intent (Hydra.Shared DispatchPayload
/// without a lease) so a run can be re-dispatched from the store alone. <see cref="IdempotencyKey"/> is unique
/// per domain when set (schedule slots, client idempotency keys).
/// </summary>
internal sealed record RunRecord
{
    public required string Id { get; init; }
    public required string Domain { get; init; }
    public required string JobId { get; init; }
    public string? User { get; init; }
    public required string Status { get; init; }
    public int Priority { get; init; }
    /// <summary>When the run was enqueued; queue latency is measured from here.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The schedule slot instant (schedule_tick) for scheduled runs.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }
    public string? ScheduleMode { get; init; }
    /// <summary>manual | schedule | immediate | adhoc | retry.</summary>
    public required string Trigger { get; init; }
    public required string ExecutorType { get; init; }
    public int Attempt { get; init; }
    public int RetriesRemaining { get; init; }
    public string? WorkerId { get; init; }
    public int? Slot { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? ReturnCode { get; init; }
    public string? Stdout { get; init; }
    public string? Stderr { get; init; }
    public string? CompletionReason { get; init; }
    public long? QueueLatencyMs { get; init; }
    public required string Dispatch { get; init; }
    public string? IdempotencyKey { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Why a scheduled run is not an ordinary on-time slot (coalesced, caught up, missed, skipped), or null.</summary>
    public string? ScheduleNote { get; init; }
}

/// <summary>One execution of a run on one worker slot; every attempt is kept with its own output.</summary>
internal sealed record AttemptRecord
{
    public required string RunId { get; init; }
    public required int Attempt { get; init; }
    public required string Domain { get; init; }
    public string? WorkerId { get; init; }
    public int? Slot { get; init; }
    public string? LeaseToken { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? ReturnCode { get; init; }
    public string? Stdout { get; init; }
    public string? Stderr { get; init; }
    public string? CompletionReason { get; init; }
    public bool Superseded { get; init; }
}

internal sealed record RunQuery(string? Domain, string? JobId, string? Status, int Limit, string? Cursor);

/// <summary>Per-job aggregates for GET /overview/jobs.</summary>
internal sealed record JobRunSummary(
    string JobId, string Domain, string Name, string? ScheduleMode,
    long TotalRuns, long SuccessRuns, long FailedRuns, long QueuedRuns,
    IReadOnlyList<RunRecord> RecentRuns);
