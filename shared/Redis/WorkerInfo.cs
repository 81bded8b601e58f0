namespace Hydra.Shared.Redis;

/// <summary>
/// One worker as GET /api/workers, /health and FailoverSweep see it. <see cref="Running"/> is the worker's load —
/// runs queued for it plus runs it has claimed — computed from the two lists, never kept in a counter.
/// Heartbeat age is measured on Redis's clock, so hosts with skewed clocks agree.
/// </summary>
internal sealed record WorkerInfo
{
    public required string WorkerId { get; init; }
    public required string Domain { get; init; }
    public required string Os { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public required IReadOnlyList<string> AllowedUsers { get; init; }
    public required string Hostname { get; init; }
    public required int MaxConcurrency { get; init; }
    public required string State { get; init; }
    public required string Version { get; init; }
    public required string StartedAt { get; init; }
    public required string Capabilities { get; init; }
    public required DateTimeOffset LastHeartbeat { get; init; }
    public required TimeSpan HeartbeatAge { get; init; }
    /// <summary>The heartbeat is no older than the TTL the list was asked with.</summary>
    public required bool Fresh { get; init; }
    public required IReadOnlyList<string> QueuedRunIds { get; init; }
    public required IReadOnlyList<string> InflightRunIds { get; init; }
    public int Running => QueuedRunIds.Count + InflightRunIds.Count;
}
