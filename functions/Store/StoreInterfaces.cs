namespace Hydra.Functions.Store;

// Small interfaces sized to their callers. A null domain means "every domain" (admin).

internal interface IJobStore
{
    Task InsertAsync(JobRecord job, CancellationToken ct);
    Task<JobRecord?> GetAsync(string? domain, string id, CancellationToken ct);
    /// <summary>Newest first (created_at desc, id desc); Search is a case-insensitive name substring.</summary>
    Task<Page<JobRecord>> ListAsync(JobQuery query, CancellationToken ct);
    /// <summary>Compare-and-set on <paramref name="expectedVersion"/>; false when another writer won.</summary>
    Task<bool> UpdateAsync(JobRecord job, int expectedVersion, CancellationToken ct);
    Task<bool> DeleteAsync(string? domain, string id, CancellationToken ct);
}

internal interface IRunStore
{
    /// <summary>False (and nothing written) when the domain already has a run with the same idempotency key.</summary>
    Task<bool> InsertAsync(RunRecord run, CancellationToken ct);
    Task<RunRecord?> GetAsync(string? domain, string id, CancellationToken ct);
    Task<RunRecord?> GetByIdempotencyKeyAsync(string domain, string key, CancellationToken ct);
    Task<IReadOnlyList<AttemptRecord>> GetAttemptsAsync(string runId, CancellationToken ct);
    /// <summary>Newest first (created_at desc, id desc).</summary>
    Task<Page<RunRecord>> ListAsync(RunQuery query, CancellationToken ct);
    /// <summary>Applies a batch in one transaction (see <see cref="RunUpdate"/> for the rules).</summary>
    Task ApplyAsync(IReadOnlyList<RunUpdate> updates, CancellationToken ct);
    /// <summary>Queued or running runs last updated before the instant, by id after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<RunRecord>> ListActiveAsync(DateTimeOffset updatedBefore, string? afterId, int limit, CancellationToken ct);
    /// <summary>
    /// Claims the right to re-dispatch: bumps updated_at only if the run is still queued or running and
    /// unchanged since <paramref name="seenUpdatedAt"/>. False means someone else moved it.
    /// </summary>
    Task<bool> TryMarkRedispatchAsync(string runId, DateTimeOffset seenUpdatedAt, DateTimeOffset now, CancellationToken ct);
    /// <summary>Deletes up to <paramref name="batchSize"/> ended runs (with attempts) that ended before the cutoff.</summary>
    Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken ct);
    Task<IReadOnlyList<JobRunSummary>> OverviewAsync(string? domain, int recentPerJob, CancellationToken ct);
}

/// <summary>
/// The schedule's store side (ScheduleSweep, manual runs under an overlap policy, the upcoming list). Exactly once
/// per slot rests on <see cref="CommitAsync"/>: the slot's run and the job's next_run_at move in one transaction.
/// </summary>
internal interface IScheduleStore
{
    /// <summary>Enabled jobs whose next_run_at is at or before now, soonest first (index jobs_due), at most limit.</summary>
    Task<IReadOnlyList<JobRecord>> DueJobsAsync(DateTimeOffset now, int limit, CancellationToken ct);
    /// <summary>The earliest next_run_at of any enabled job, or null when no schedule is waiting.</summary>
    Task<DateTimeOffset?> SoonestAsync(CancellationToken ct);
    /// <summary>Enabled jobs due at or before <paramref name="until"/>, soonest first; a null domain means every domain.</summary>
    Task<IReadOnlyList<JobRecord>> UpcomingAsync(string? domain, DateTimeOffset until, int limit, CancellationToken ct);
    /// <summary>
    /// One transaction holding the job's lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the job row FOR UPDATE): checks
    /// the advance's compare-and-set, applies the overlap policy against the job's queued and running runs, inserts
    /// the runs, advances the job. Two callers racing for one slot: one commits, the other gets <see cref="ScheduleCommitResult.Lost"/>.
    /// </summary>
    Task<ScheduleCommitResult> CommitAsync(ScheduleCommit commit, CancellationToken ct);
}

/// <summary>Key/value settings the app keeps for itself (e.g. the admin token's hash), insert-if-absent.</summary>
internal interface ISettingsStore
{
    Task<string?> GetSettingAsync(string key, CancellationToken ct);
    /// <summary>Returns the value now stored: the given one, or the one another writer stored first.</summary>
    Task<string> GetOrAddSettingAsync(string key, string value, CancellationToken ct);
}

internal interface IStoreHealth
{
    /// <summary>sqlite | postgres.</summary>
    string Engine { get; }
    Task<bool> PingAsync(CancellationToken ct);
}
