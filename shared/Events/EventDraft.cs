using System.Globalization;
using System.Text.Json.Nodes;

namespace Hydra.Shared.Events;

/// <summary>
/// An event about to be appended: its type and its payload. Payloads carry ids and a short summary (status, worker,
/// attempt, exit code, completion reason) — never secrets (tokens, executor env or scripts) and never output, which
/// the live log and the store serve on their own routes. The domain travels beside the payload, not in it.
/// The factories below are the one place each payload's shape is written down.
/// </summary>
internal sealed record EventDraft(string Type, JsonObject Payload)
{
    public static EventDraft Job(string type, string jobId, string name, int? version, string? scheduleMode, bool? enabled) =>
        new(type, new JsonObject
        {
            ["job_id"] = jobId,
            ["name"] = name,
            ["version"] = version,
            ["schedule_mode"] = scheduleMode,
            ["enabled"] = enabled,
        });

    public static EventDraft JobDeleted(string jobId) => new(EventTypes.JobDeleted, new JsonObject { ["job_id"] = jobId });

    /// <summary>The job's next run is due at <paramref name="nextRunAt"/> (set on create/update, advanced by a schedule tick).</summary>
    public static EventDraft JobScheduled(string jobId, DateTimeOffset nextRunAt) =>
        new(EventTypes.JobScheduled, new JsonObject { ["job_id"] = jobId, ["next_run_at"] = Iso(nextRunAt) });

    public static EventDraft RunQueued(string runId, string jobId, string trigger, int attempt, int priority) =>
        new(EventTypes.RunQueued, new JsonObject
        {
            ["run_id"] = runId, ["job_id"] = jobId, ["trigger"] = trigger, ["attempt"] = attempt, ["priority"] = priority,
        });

    public static EventDraft RunDispatched(string runId, string jobId, string workerId, int attempt) =>
        new(EventTypes.RunDispatched, new JsonObject
        {
            ["run_id"] = runId, ["job_id"] = jobId, ["worker_id"] = workerId, ["attempt"] = attempt,
        });

    public static EventDraft RunStarted(string runId, int attempt, string workerId, int slot, long? queueLatencyMs) =>
        new(EventTypes.RunStarted, new JsonObject
        {
            ["run_id"] = runId, ["attempt"] = attempt, ["worker_id"] = workerId, ["slot"] = slot, ["queue_latency_ms"] = queueLatencyMs,
        });

    /// <summary>run_succeeded / run_failed / run_timed_out / run_cancelled, by the run's terminal status; null for any other status.</summary>
    public static EventDraft? RunEnded(string status, string runId, int attempt, string? workerId, int? returnCode, string? completionReason)
    {
        var type = EventTypes.ForTerminalStatus(status);
        return type is null ? null : new EventDraft(type, new JsonObject
        {
            ["run_id"] = runId,
            ["status"] = status,
            ["attempt"] = attempt,
            ["worker_id"] = workerId,
            ["returncode"] = returnCode,
            ["completion_reason"] = completionReason,
        });
    }

    /// <summary>The attempt's worker died (FailoverSweep); the run goes back to dispatch as the next attempt.</summary>
    public static EventDraft RunLost(string runId, int attempt, string? workerId) =>
        new(EventTypes.RunLost, new JsonObject { ["run_id"] = runId, ["attempt"] = attempt, ["worker_id"] = workerId });

    /// <summary><paramref name="nextAttempt"/> of the run will be dispatched at <paramref name="retryAt"/>.</summary>
    public static EventDraft RunRetryScheduled(string runId, int nextAttempt, DateTimeOffset retryAt, string? reason) =>
        new(EventTypes.RunRetryScheduled, new JsonObject
        {
            ["run_id"] = runId, ["attempt"] = nextAttempt, ["retry_at"] = Iso(retryAt), ["reason"] = reason,
        });

    /// <summary>A schedule slot passed without a run (misfire policy); <paramref name="count"/> slots when coalesced.</summary>
    public static EventDraft RunMissed(string jobId, DateTimeOffset scheduledAt, int count, string reason) =>
        new(EventTypes.RunMissed, new JsonObject
        {
            ["job_id"] = jobId, ["scheduled_at"] = Iso(scheduledAt), ["count"] = count, ["reason"] = reason,
        });

    /// <summary>A due slot deliberately not run (overlap forbid, end_at passed).</summary>
    public static EventDraft RunSkipped(string jobId, DateTimeOffset scheduledAt, string reason) =>
        new(EventTypes.RunSkipped, new JsonObject { ["job_id"] = jobId, ["scheduled_at"] = Iso(scheduledAt), ["reason"] = reason });

    public static EventDraft WorkerOnline(string workerId, string state, string? os, int maxConcurrency, string? version) =>
        new(EventTypes.WorkerOnline, new JsonObject
        {
            ["worker_id"] = workerId, ["state"] = state, ["os"] = os, ["max_concurrency"] = maxConcurrency, ["version"] = version,
        });

    public static EventDraft WorkerOffline(string workerId, DateTimeOffset? lastHeartbeatAt) =>
        new(EventTypes.WorkerOffline, new JsonObject
        {
            ["worker_id"] = workerId, ["last_heartbeat_at"] = lastHeartbeatAt is { } at ? Iso(at) : null,
        });

    public static EventDraft WorkerStateChanged(string workerId, string state) =>
        new(EventTypes.WorkerStateChanged, new JsonObject { ["worker_id"] = workerId, ["state"] = state });

    private static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
