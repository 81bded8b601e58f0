using System.Data.Common;
using Dapper;
using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Store;

/// <summary>
/// The schedule's store side on both engines. The commit takes the job's lock first — SQLite's BEGIN IMMEDIATE
/// (the database write lock), PostgreSQL's <c>SELECT … FOR UPDATE</c> on the job row, which under READ COMMITTED
/// re-checks the compare-and-set against the committed row after waiting — so the overlap check ("a run of the
/// job is queued or running") and the insert it allows cannot interleave with another sweep or a manual run.
/// </summary>
internal sealed class SqlScheduleStore(SqlEngine engine) : IScheduleStore
{
    public async Task<IReadOnlyList<JobRecord>> DueJobsAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        var args = new DynamicParameters(new { Limit = Math.Max(1, limit) });
        engine.AddTime(args, "Now", now);
        var sql = $"""
            SELECT {StoreRows.JobColumns} FROM jobs
            WHERE enabled = {True} AND next_run_at <= @Now
            ORDER BY next_run_at, id LIMIT @Limit
            """;
        return await engine.QueryAsync(sql, args, StoreRows.ReadJob, ct);
    }

    public async Task<DateTimeOffset?> SoonestAsync(CancellationToken ct)
    {
        var sql = $"SELECT next_run_at FROM jobs WHERE enabled = {True} AND next_run_at IS NOT NULL ORDER BY next_run_at LIMIT 1";
        var rows = await engine.QueryAsync(sql, null, r => r.GetFieldValue<DateTimeOffset>(0).ToUniversalTime(), ct);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<JobRecord>> UpcomingAsync(string? domain, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var args = new DynamicParameters(new { Domain = domain, Limit = Math.Max(1, limit) });
        engine.AddTime(args, "Until", until);
        var sql = $"""
            SELECT {StoreRows.JobColumns} FROM jobs
            WHERE enabled = {True} AND next_run_at <= @Until{(domain is null ? "" : " AND domain = @Domain")}
            ORDER BY next_run_at, id LIMIT @Limit
            """;
        return await engine.QueryAsync(sql, args, StoreRows.ReadJob, ct);
    }

    public async Task<ScheduleCommitResult> CommitAsync(ScheduleCommit commit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(commit);
        await using var connection = await engine.OpenAsync(ct);
        await using var transaction = await engine.BeginWriteAsync(connection, ct);
        if (!await LockJobAsync(connection, transaction, commit, ct))
        {
            await transaction.RollbackAsync(ct);
            return ScheduleCommitResult.Lost;
        }

        var active = await ActiveRunsAsync(connection, transaction, commit, ct);
        var (runs, replaced) = OverlapDecision.Apply(commit.Overlap, commit.Runs, active, commit.Now);
        var inserted = new List<RunRecord>();
        foreach (var run in runs)
        {
            var (sql, args) = SqlRunStore.InsertCommand(engine, run);
            if (await connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: ct)) == 1)
            {
                inserted.Add(run);
            }
        }

        if (commit.Advance is { } advance && !await AdvanceAsync(connection, transaction, commit, advance, ct))
        {
            await transaction.RollbackAsync(ct);
            return ScheduleCommitResult.Lost;
        }

        await transaction.CommitAsync(ct);
        return new ScheduleCommitResult(true, inserted, replaced);
    }

    private string True => engine.Engine == "postgres" ? "true" : "1";

    private string ForUpdate => engine.Engine == "postgres" ? " FOR UPDATE" : "";

    private async Task<bool> LockJobAsync(DbConnection connection, DbTransaction transaction, ScheduleCommit commit, CancellationToken ct)
    {
        var args = new DynamicParameters(new { Id = commit.JobId, commit.Domain });
        var condition = "";
        if (commit.Advance is { } advance)
        {
            args.Add("SeenVersion", advance.SeenVersion);
            engine.AddTime(args, "Seen", advance.SeenNextRunAt);
            condition = " AND version = @SeenVersion AND next_run_at = @Seen";
        }

        var sql = $"SELECT 1 FROM jobs WHERE id = @Id AND domain = @Domain{condition}{ForUpdate}";
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(sql, args, transaction, cancellationToken: ct)) == 1;
    }

    private static async Task<List<RunRecord>> ActiveRunsAsync(DbConnection connection, DbTransaction transaction, ScheduleCommit commit, CancellationToken ct)
    {
        var sql = $"""
            SELECT {StoreRows.RunColumns} FROM runs
            WHERE job_id = @JobId AND domain = @Domain AND status IN ({SqlRunStore.ActiveSql})
            ORDER BY created_at, id
            """;
        await using var reader = await connection.ExecuteReaderAsync(
            new CommandDefinition(sql, new { commit.JobId, commit.Domain }, transaction, cancellationToken: ct));
        return await StoreRows.ReadAllAsync(reader, r => StoreRows.ReadRun(r), ct);
    }

    private async Task<bool> AdvanceAsync(
        DbConnection connection, DbTransaction transaction, ScheduleCommit commit, JobAdvance advance, CancellationToken ct)
    {
        var args = new DynamicParameters(new { Id = commit.JobId, advance.Enabled, advance.SeenVersion, advance.Version, advance.Document });
        engine.AddTime(args, "Seen", advance.SeenNextRunAt);
        engine.AddTime(args, "NextRunAt", advance.NextRunAt);
        engine.AddTime(args, "UpdatedAt", advance.UpdatedAt);
        var document = advance.Document is null
            ? ""
            : $", version = @Version, updated_at = @UpdatedAt, document = {engine.Json("Document")}";
        var sql = $"""
            UPDATE jobs SET next_run_at = @NextRunAt, enabled = @Enabled{document}
            WHERE id = @Id AND version = @SeenVersion AND next_run_at = @Seen
            """;
        return await connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: ct)) == 1;
    }
}
