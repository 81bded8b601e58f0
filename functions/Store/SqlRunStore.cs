using Dapper;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Store;

/// <summary>
/// Run history and the run state machine's store side. Every state change is a conditional UPDATE, so a late
/// or duplicate writer loses instead of overwriting; the batch rules of ApplyAsync live in <see cref="RunUpdateBatch"/>.
/// </summary>
internal sealed class SqlRunStore(SqlEngine engine) : IRunStore
{
    /// <summary>SQL list of the terminal statuses (constants from RunStatus, not input).</summary>
    public static readonly string TerminalSql = string.Join(", ", RunStatus.Terminal.Select(s => $"'{s}'"));

    public const string ActiveSql = $"'{RunStatus.Queued}', '{RunStatus.Running}'";

    private readonly RunUpdateBatch updateBatch = new(engine);
    private readonly RunOverviewQuery overview = new(engine);

    public async Task<bool> InsertAsync(RunRecord run, CancellationToken ct)
    {
        var (sql, args) = InsertCommand(engine, run);
        return await engine.ExecuteAsync(sql, args, ct) == 1;
    }

    /// <summary>The insert of one run, swallowing only an idempotency clash (1 row: inserted; 0: the key exists).</summary>
    internal static (string Sql, DynamicParameters Args) InsertCommand(SqlEngine engine, RunRecord run)
    {
        // ON CONFLICT names the partial unique index, so only an idempotency clash is swallowed; a duplicate id still fails.
        var sql = $"""
            INSERT INTO runs ({StoreRows.RunColumns})
            VALUES (@Id, @Domain, @JobId, @User, @Status, @Priority, @CreatedAt, @ScheduledAt, @ScheduleMode, @Trigger,
                    @ExecutorType, @Attempt, @RetriesRemaining, @WorkerId, @Slot, @StartedAt, @EndedAt, @ReturnCode, @Stdout,
                    @Stderr, @CompletionReason, @QueueLatencyMs, {engine.Json("Dispatch")}, @IdempotencyKey, @UpdatedAt, @ScheduleNote)
            ON CONFLICT (domain, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            """;
        var args = new DynamicParameters(new
        {
            run.Id, run.Domain, run.JobId, run.User, run.Status, run.Priority, run.ScheduleMode, run.Trigger,
            run.ExecutorType, run.Attempt, run.RetriesRemaining, run.WorkerId, run.Slot, run.ReturnCode, run.Stdout,
            run.Stderr, run.CompletionReason, run.QueueLatencyMs, run.Dispatch, run.IdempotencyKey, run.ScheduleNote,
        });
        engine.AddTime(args, "CreatedAt", run.CreatedAt);
        engine.AddTime(args, "ScheduledAt", run.ScheduledAt);
        engine.AddTime(args, "StartedAt", run.StartedAt);
        engine.AddTime(args, "EndedAt", run.EndedAt);
        engine.AddTime(args, "UpdatedAt", run.UpdatedAt);
        return (sql, args);
    }

    public async Task<RunRecord?> GetAsync(string? domain, string id, CancellationToken ct)
    {
        var sql = $"SELECT {StoreRows.RunColumns} FROM runs WHERE id = @Id" + (domain is null ? "" : " AND domain = @Domain");
        var rows = await engine.QueryAsync(sql, new { Id = id, Domain = domain }, r => StoreRows.ReadRun(r), ct);
        return rows.SingleOrDefault();
    }

    public async Task<RunRecord?> GetByIdempotencyKeyAsync(string domain, string key, CancellationToken ct)
    {
        var sql = $"SELECT {StoreRows.RunColumns} FROM runs WHERE domain = @Domain AND idempotency_key = @Key";
        var rows = await engine.QueryAsync(sql, new { Domain = domain, Key = key }, r => StoreRows.ReadRun(r), ct);
        return rows.SingleOrDefault();
    }

    public async Task<IReadOnlyList<AttemptRecord>> GetAttemptsAsync(string runId, CancellationToken ct) =>
        await engine.QueryAsync(
            $"SELECT {StoreRows.AttemptColumns} FROM attempts WHERE run_id = @RunId ORDER BY attempt",
            new { RunId = runId }, StoreRows.ReadAttempt, ct);

    public async Task<Page<RunRecord>> ListAsync(RunQuery query, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var conditions = new List<string>();
        if (query.Domain is not null)
        {
            args.Add("Domain", query.Domain);
            conditions.Add("domain = @Domain");
        }

        if (query.JobId is not null)
        {
            args.Add("JobId", query.JobId);
            conditions.Add("job_id = @JobId");
        }

        if (query.Status is not null)
        {
            args.Add("Status", query.Status);
            conditions.Add("status = @Status");
        }

        var sql = KeysetPage.Sql(engine, "runs", StoreRows.RunColumns, conditions, args, query.Cursor, query.Limit);
        var rows = await engine.QueryAsync(sql, args, r => StoreRows.ReadRun(r), ct);
        return KeysetPage.ToPage(rows, query.Limit, run => new PageCursor(run.CreatedAt, run.Id));
    }

    public Task ApplyAsync(IReadOnlyList<RunUpdate> updates, CancellationToken ct) => updateBatch.ApplyAsync(updates, ct);

    public async Task<IReadOnlyList<RunRecord>> ListActiveAsync(
        DateTimeOffset updatedBefore, string? afterId, int limit, CancellationToken ct)
    {
        var args = new DynamicParameters(new { AfterId = afterId ?? "", Limit = PageCursor.ClampLimit(limit) });
        engine.AddTime(args, "UpdatedBefore", updatedBefore);
        var sql = $"""
            SELECT {StoreRows.RunColumns} FROM runs
            WHERE status IN ({ActiveSql}) AND updated_at < @UpdatedBefore AND id > @AfterId
            ORDER BY id LIMIT @Limit
            """;
        return await engine.QueryAsync(sql, args, r => StoreRows.ReadRun(r), ct);
    }

    public async Task<bool> TryMarkRedispatchAsync(
        string runId, DateTimeOffset seenUpdatedAt, DateTimeOffset now, CancellationToken ct)
    {
        // The new value must differ from the seen one, or a second caller holding the same seen value would also win.
        var seen = StoreTime.Truncate(seenUpdatedAt);
        var next = StoreTime.Truncate(now) > seen ? StoreTime.Truncate(now) : seen.AddMilliseconds(1);
        var args = new DynamicParameters(new { RunId = runId });
        engine.AddTime(args, "Seen", seen);
        engine.AddTime(args, "Next", next);
        var sql = $"UPDATE runs SET updated_at = @Next WHERE id = @RunId AND status IN ({ActiveSql}) AND updated_at = @Seen";
        return await engine.ExecuteAsync(sql, args, ct) == 1;
    }

    public async Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken ct)
    {
        // Attempts go with their run (ON DELETE CASCADE); oldest first so a bounded batch makes steady progress.
        var args = new DynamicParameters(new { BatchSize = Math.Max(1, batchSize) });
        engine.AddTime(args, "Cutoff", cutoff);
        var sql = $"""
            DELETE FROM runs WHERE id IN (
              SELECT id FROM runs
              WHERE ended_at < @Cutoff AND status IN ({TerminalSql})
              ORDER BY ended_at LIMIT @BatchSize)
            """;
        return await engine.ExecuteAsync(sql, args, ct);
    }

    public Task<IReadOnlyList<JobRunSummary>> OverviewAsync(string? domain, int recentPerJob, CancellationToken ct) =>
        overview.RunAsync(domain, recentPerJob, ct);
}
