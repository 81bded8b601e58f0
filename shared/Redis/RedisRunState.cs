namespace Hydra.Shared.Redis;

/// <summary>
/// The <c>status</c> field of a run hash: where the run is in Redis, not its store status (<see cref="Runs.RunStatus"/>).
/// <code>
///   (no hash) ──dispatch──▶ pending ──place──▶ dispatched ──claim──▶ running ──complete──▶ finished ──ack──▶ (no hash)
///                 └──────────────────────────────▲ (a worker was eligible at once)
/// </code>
/// Only the scripts move it, each move conditional on the state before.
/// </summary>
internal static class RedisRunState
{
    public const string Pending = "pending";
    public const string Dispatched = "dispatched";
    public const string Running = "running";
    public const string Finished = "finished";
}
