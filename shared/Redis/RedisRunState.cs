namespace Hydra.Shared.Redis;

/// <summary>
/// The <c>status</c> field of a run hash: where the run is in Redis, not its store status (<see cref="Runs.RunStatus"/>).
/// <code>
///   (no hash) ──dispatch──▶ pending ──place──▶ dispatched ──claim──▶ running ──complete──▶ finished ──ack──▶ (no hash)
///                 └──────────────────────────────▲ (a worker was eligible at once)
///   running ──complete with a retry delay──▶ delayed (attempt+1) ──due (DispatchSweep)──▶ pending
///   running ──worker lost / restarted / handed back──▶ pending (attempt+1; the attempt is recorded lost)
///   dispatched ──worker offline, draining or disabled──▶ pending (same attempt)
///   pending | delayed | dispatched ──cancel──▶ finished (cancelled);  running ──cancel──▶ flagged, the worker stops it
/// </code>
/// Only the scripts move it, each move conditional on the state before.
/// </summary>
internal static class RedisRunState
{
    public const string Pending = "pending";
    public const string Dispatched = "dispatched";
    public const string Running = "running";
    /// <summary>A retry waiting out its backoff in the delayed set.</summary>
    public const string Delayed = "delayed";
    public const string Finished = "finished";
}
