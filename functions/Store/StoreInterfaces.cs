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
