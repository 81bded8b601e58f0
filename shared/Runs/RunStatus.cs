namespace Hydra.Shared.Runs;

/// <summary>
/// The run state machine. Every move is conditional (SQL <c>WHERE status = …</c> / a Lua check), so a late or
/// duplicate writer loses instead of overwriting. A run succeeds at most once.
/// <code>
///   queued ──claim──▶ running ──complete──▶ success | failed | timed_out | cancelled   (terminal)
///     │                  │
///     │                  ├─ failed/timed_out with retries left ──▶ queued (attempt+1, after backoff, retries−1)
///     │                  ├─ worker lost (FailoverSweep), restarted, or shut down past its grace
///     │                  │                                  ──────▶ queued (attempt+1, attempt recorded lost, no retry spent)
///     │                  └─ cancel ──▶ (the worker kills the tree) ──▶ cancelled; worker gone ──▶ cancelled at failover
///     └─ cancel ──▶ cancelled (at once)
///   failed | timed_out | cancelled ──POST /runs/{id}/retry──▶ a new run (trigger retry)
///
///   (schedule) ──▶ missed    slots nobody ran: misfire skip, or older than the catch-up window  (terminal)
///   (schedule) ──▶ skipped   a slot (or manual run) refused by overlap: forbid, with the reason   (terminal)
/// </code>
/// missed and skipped runs are born terminal: they never reach Redis, and being terminal keeps every sweep
/// (reconcile, dispatch) from picking them up, while retention ages them out like any ended run.
/// Attempt statuses add <c>lost</c> (its worker died, restarted or shut down first) and <c>superseded</c> (a report
/// with a stale lease; set as a flag on the attempt, keeping a final status it already had).
/// </summary>
public static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Success = "success";
    public const string Failed = "failed";
    public const string TimedOut = "timed_out";
    public const string Cancelled = "cancelled";
    public const string Lost = "lost";
    public const string Superseded = "superseded";
    public const string Missed = "missed";
    public const string Skipped = "skipped";

    public static readonly IReadOnlyList<string> Terminal = [Success, Failed, TimedOut, Cancelled, Missed, Skipped];

    public static bool IsTerminal(string status) => Terminal.Contains(status);
}
