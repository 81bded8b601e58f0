using Hydra.Shared.Runs;

namespace Hydra.Shared.Events;

/// <summary>
/// The closed set of event types on a domain's event stream (GET /api/events/stream). Stable strings: clients
/// switch on them. Who appends each one:
/// <list type="bullet">
/// <item>the API: job_created, job_updated, job_deleted, job_scheduled, run_queued, run_dispatched (dispatch result),
/// worker_state_changed (POST /workers/{id}/state);</item>
/// <item>IngestSweep, when it applies worker reports: run_started and the terminal run_succeeded, run_failed,
/// run_timed_out, run_cancelled;</item>
/// <item>the worker host after it registers: worker_online;</item>
/// <item>reserved for the sweeps and commands that produce them (through IEventPublisher): run_lost,
/// run_retry_scheduled, run_missed, run_skipped, worker_offline, and run_cancelled from a cancel command.</item>
/// </list>
/// </summary>
internal static class EventTypes
{
    public const string JobCreated = "job_created";
    public const string JobUpdated = "job_updated";
    public const string JobDeleted = "job_deleted";
    public const string JobScheduled = "job_scheduled";
    public const string RunQueued = "run_queued";
    public const string RunDispatched = "run_dispatched";
    public const string RunStarted = "run_started";
    public const string RunSucceeded = "run_succeeded";
    public const string RunFailed = "run_failed";
    public const string RunTimedOut = "run_timed_out";
    public const string RunCancelled = "run_cancelled";
    public const string RunLost = "run_lost";
    public const string RunRetryScheduled = "run_retry_scheduled";
    public const string RunMissed = "run_missed";
    public const string RunSkipped = "run_skipped";
    public const string WorkerOnline = "worker_online";
    public const string WorkerOffline = "worker_offline";
    public const string WorkerStateChanged = "worker_state_changed";

    public static readonly IReadOnlyList<string> All =
    [
        JobCreated, JobUpdated, JobDeleted, JobScheduled,
        RunQueued, RunDispatched, RunStarted, RunSucceeded, RunFailed, RunTimedOut, RunCancelled,
        RunLost, RunRetryScheduled, RunMissed, RunSkipped,
        WorkerOnline, WorkerOffline, WorkerStateChanged,
    ];

    /// <summary>The event that announces a run's terminal status (RunStatus words); null for a status that is not terminal.</summary>
    public static string? ForTerminalStatus(string status) => status switch
    {
        RunStatus.Success => RunSucceeded,
        RunStatus.Failed => RunFailed,
        RunStatus.TimedOut => RunTimedOut,
        RunStatus.Cancelled => RunCancelled,
        _ => null,
    };
}
