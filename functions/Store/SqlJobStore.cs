using Dapper;

namespace Hydra.Functions.Store;

/// <summary>Job definitions: scalar columns for what is filtered and sorted, the API document in a JSON column.</summary>
internal sealed class SqlJobStore(SqlEngine engine) : IJobStore
{
    public async Task InsertAsync(JobRecord job, CancellationToken ct)
    {
        var sql = $"""
            INSERT INTO jobs ({StoreRows.JobColumns})
            VALUES (@Id, @Domain, @Name, @Enabled, @NextRunAt, @CreatedAt, @UpdatedAt, @Version, {engine.Json("Document")})
            """;
        await engine.ExecuteAsync(sql, Args(job), ct);
    }

    public async Task<JobRecord?> GetAsync(string? domain, string id, CancellationToken ct)
    {
        var sql = $"SELECT {StoreRows.JobColumns} FROM jobs WHERE id = @Id" + (domain is null ? "" : " AND domain = @Domain");
        var rows = await engine.QueryAsync(sql, new { Id = id, Domain = domain }, StoreRows.ReadJob, ct);
        return rows.SingleOrDefault();
    }

    public async Task<Page<JobRecord>> ListAsync(JobQuery query, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var conditions = new List<string>();
        if (query.Domain is not null)
        {
            args.Add("Domain", query.Domain);
            conditions.Add("domain = @Domain");
        }

        if (!string.IsNullOrEmpty(query.Search))
        {
            // Lower-cased on both sides: ILIKE is PostgreSQL-only, and SQLite's LIKE folds ASCII only anyway.
            args.Add("Pattern", KeysetPage.ContainsPattern(query.Search));
            conditions.Add(@"lower(name) LIKE @Pattern ESCAPE '\'");
        }

        var sql = KeysetPage.Sql(engine, "jobs", StoreRows.JobColumns, conditions, args, query.Cursor, query.Limit);
        var rows = await engine.QueryAsync(sql, args, StoreRows.ReadJob, ct);
        return KeysetPage.ToPage(rows, query.Limit, job => new PageCursor(job.CreatedAt, job.Id));
    }

    /// <summary>
    /// Writes every column but id, domain and created_at, and the record's version, which must be greater
    /// than <paramref name="expectedVersion"/> (a writer that kept the version would let the next CAS pass twice).
    /// </summary>
    public async Task<bool> UpdateAsync(JobRecord job, int expectedVersion, CancellationToken ct)
    {
        if (job.Version <= expectedVersion)
        {
            throw new ArgumentException(
                $"The updated job's version ({job.Version}) must be greater than the expected one ({expectedVersion}).", nameof(job));
        }

        var args = Args(job);
        args.Add("ExpectedVersion", expectedVersion);
        var sql = $"""
            UPDATE jobs
            SET name = @Name, enabled = @Enabled, next_run_at = @NextRunAt, updated_at = @UpdatedAt,
                version = @Version, document = {engine.Json("Document")}
            WHERE id = @Id AND domain = @Domain AND version = @ExpectedVersion
            """;
        return await engine.ExecuteAsync(sql, args, ct) == 1;
    }

    /// <summary>Deletes the definition only; its runs stay as history (runs.job_id has no foreign key).</summary>
    public async Task<bool> DeleteAsync(string? domain, string id, CancellationToken ct)
    {
        var sql = "DELETE FROM jobs WHERE id = @Id" + (domain is null ? "" : " AND domain = @Domain");
        return await engine.ExecuteAsync(sql, new { Id = id, Domain = domain }, ct) == 1;
    }

    private DynamicParameters Args(JobRecord job)
    {
        var args = new DynamicParameters(new { job.Id, job.Domain, job.Name, job.Enabled, job.Version, job.Document });
        engine.AddTime(args, "NextRunAt", job.NextRunAt);
        engine.AddTime(args, "CreatedAt", job.CreatedAt);
        engine.AddTime(args, "UpdatedAt", job.UpdatedAt);
        return args;
    }
}
