namespace Hydra.Functions.Store;

/// <summary>
/// Moves a job's schedule on, as a compare-and-set: it applies only while the job still has the version and
/// next_run_at the sweep read (another sweep that fired the slot first, or a PUT, makes it lose).
/// <see cref="Document"/> is set when the schedule changes itself (it finished and disables), with the new
/// <see cref="Version"/>; otherwise only next_run_at and enabled change and the version stays.
/// </summary>
internal sealed record JobAdvance(
    int SeenVersion,
    DateTimeOffset SeenNextRunAt,
    DateTimeOffset? NextRunAt,
    bool Enabled,
    int Version,
    string? Document,
    DateTimeOffset UpdatedAt);

/// <summary>
/// What one store transaction does for one job: insert its runs (idempotent on the run's key) under the job's
/// overlap policy and, for a schedule slot, advance the job (<see cref="Advance"/>; null for a manual run).
/// Queued runs are subject to the policy; runs already born terminal (missed) are inserted as they are.
/// </summary>
internal sealed record ScheduleCommit(
    string JobId,
    string Domain,
    string Overlap,
    IReadOnlyList<RunRecord> Runs,
    JobAdvance? Advance,
    DateTimeOffset Now);

/// <summary>
/// The outcome of a <see cref="ScheduleCommit"/>. <see cref="Committed"/> false: the job moved on meanwhile (or is
/// gone) and nothing was written. <see cref="Inserted"/> are the runs written, with the status the policy gave
/// them (queued ones are to be dispatched now); <see cref="Replaced"/> are the job's earlier queued or running
/// runs that overlap: replace wants cancelled.
/// </summary>
internal sealed record ScheduleCommitResult(bool Committed, IReadOnlyList<RunRecord> Inserted, IReadOnlyList<RunRecord> Replaced)
{
    public static readonly ScheduleCommitResult Lost = new(false, [], []);
}
