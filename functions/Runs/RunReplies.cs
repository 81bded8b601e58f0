using System.Text.Json.Serialization;
using Hydra.Functions.Store;

namespace Hydra.Functions.Runs;

/// <summary>The run document of the hydra-jobs contract, plus what we add (trigger, attempts, tails, duration).</summary>
internal sealed record RunReply
{
    public const int TailChars = 4096;

    [JsonPropertyName("_id")] public required string Id { get; init; }
    [JsonPropertyName("id")] public string IdAlias => Id;
    public required string JobId { get; init; }
    public string? User { get; init; }
    public required string Domain { get; init; }
    public string? WorkerId { get; init; }
    public required string Status { get; init; }
    public required string Trigger { get; init; }
    public int Priority { get; init; }
    /// <summary>When the run was enqueued.</summary>
    public required DateTimeOffset ScheduledTs { get; init; }
    public DateTimeOffset? StartTs { get; init; }
    public DateTimeOffset? EndTs { get; init; }
    public int? Returncode { get; init; }
    public string? Stdout { get; init; }
    public string? Stderr { get; init; }
    public string? StdoutTail { get; init; }
    public string? StderrTail { get; init; }
    public int? Slot { get; init; }
    public int Attempt { get; init; }
    public int RetriesRemaining { get; init; }
    /// <summary>The schedule slot this run belongs to (scheduled runs only).</summary>
    public DateTimeOffset? ScheduleTick { get; init; }
    public string? ScheduleMode { get; init; }
    /// <summary>Why a scheduled run is not an ordinary on-time slot: coalesced, caught up, missed or skipped.</summary>
    public string? ScheduleNote { get; init; }
    public required string ExecutorType { get; init; }
    public long? QueueLatencyMs { get; init; }
    public string? CompletionReason { get; init; }
    /// <summary>Why a queued run has no worker yet (GET /runs/{id} only); null otherwise.</summary>
    public string? PendingReason { get; init; }
    /// <summary>Seconds from start to end.</summary>
    public double? Duration { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyList<AttemptReply>? Attempts { get; init; }

    /// <summary>Lists carry tails only; the full output is on GET /runs/{id}.</summary>
    public static RunReply From(RunRecord run, bool fullOutput, IReadOnlyList<AttemptRecord>? attempts = null) => new()
    {
        Id = run.Id,
        JobId = run.JobId,
        User = run.User,
        Domain = run.Domain,
        WorkerId = run.WorkerId,
        Status = run.Status,
        Trigger = run.Trigger,
        Priority = run.Priority,
        ScheduledTs = run.CreatedAt,
        StartTs = run.StartedAt,
        EndTs = run.EndedAt,
        Returncode = run.ReturnCode,
        Stdout = fullOutput ? run.Stdout ?? "" : null,
        Stderr = fullOutput ? run.Stderr ?? "" : null,
        StdoutTail = Tail(run.Stdout),
        StderrTail = Tail(run.Stderr),
        Slot = run.Slot,
        Attempt = run.Attempt,
        RetriesRemaining = run.RetriesRemaining,
        ScheduleTick = run.ScheduledAt,
        ScheduleMode = run.ScheduleMode,
        ScheduleNote = run.ScheduleNote,
        ExecutorType = run.ExecutorType,
        QueueLatencyMs = run.QueueLatencyMs,
        CompletionReason = run.CompletionReason,
        Duration = Seconds(run.StartedAt, run.EndedAt),
        UpdatedAt = run.UpdatedAt,
        Attempts = attempts?.Select(AttemptReply.From).ToList(),
    };

    internal static string Tail(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text.Length <= TailChars ? text : text[^TailChars..];

    internal static double? Seconds(DateTimeOffset? start, DateTimeOffset? end) =>
        start is { } s && end is { } e ? Math.Round((e - s).TotalSeconds, 3) : null;
}

internal sealed record AttemptReply
{
    public required int Attempt { get; init; }
    public string? WorkerId { get; init; }
    public int? Slot { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? StartTs { get; init; }
    public DateTimeOffset? EndTs { get; init; }
    public int? Returncode { get; init; }
    public string? Stdout { get; init; }
    public string? Stderr { get; init; }
    public string? CompletionReason { get; init; }
    public bool Superseded { get; init; }
    public double? Duration { get; init; }

    public static AttemptReply From(AttemptRecord a) => new()
    {
        Attempt = a.Attempt,
        WorkerId = a.WorkerId,
        Slot = a.Slot,
        Status = a.Status,
        StartTs = a.StartedAt,
        EndTs = a.EndedAt,
        Returncode = a.ReturnCode,
        Stdout = a.Stdout,
        Stderr = a.Stderr,
        CompletionReason = a.CompletionReason,
        Superseded = a.Superseded,
        Duration = RunReply.Seconds(a.StartedAt, a.EndedAt),
    };
}

internal sealed record RunQueuedReply(string JobId, string RunId, bool Queued);

internal sealed record JobOverviewReply(
    string JobId, string Name, string Domain, string? ScheduleMode, long TotalRuns, long SuccessRuns, long FailedRuns, long QueuedRuns,
    RunReply? LastRun, IReadOnlyList<RunReply> RecentRuns);
