using Dapper;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Store;

/// <summary>
/// Applies a batch of <see cref="RunUpdate"/> in one transaction, in order, one command per update (its attempt
/// upsert and, when it moves the run, the conditional run UPDATE, sent together in one round trip).
/// <list type="bullet">
/// <item>Attempt row: upserted; a non-null field overwrites, a null one keeps what is there; a report that is
/// not final (running) never reverts a final attempt status; superseded only ever turns on, and a superseded
/// report (a late report of an attempt already recorded lost) keeps the attempt's final status and reason while
/// adding its output. Reports for a run
/// the store does not have (deleted by retention) are ignored rather than failing the whole batch.</item>
/// <item>Run row: changed only while it is not terminal and its attempt is &lt;= the report's, so a late report
/// of an older attempt, or anything after the run ended, loses.</item>
/// </list>
/// updated_at of a changed run comes from the database clock (the update carries no instant of its own), kept
/// strictly increasing so TryMarkRedispatchAsync notices every change.
/// </summary>
internal sealed class RunUpdateBatch(SqlEngine engine)
{
    private const string FinalAttemptSql =
        "'success', 'failed', 'timed_out', 'cancelled', 'lost', 'superseded'";

    private const string UpsertAttemptSql = $"""
        INSERT INTO attempts (run_id, attempt, domain, worker_id, slot, lease_token, status, started_at, ended_at,
                              return_code, stdout, stderr, completion_reason, superseded)
        SELECT @RunId, @Attempt, @Domain, @WorkerId, @Slot, @LeaseToken, @AttemptStatus, @StartedAt, @EndedAt,
               @ReturnCode, @Stdout, @Stderr, @CompletionReason, @Superseded
        WHERE EXISTS (SELECT 1 FROM runs WHERE id = @RunId)
        ON CONFLICT (run_id, attempt) DO UPDATE SET
          worker_id = COALESCE(excluded.worker_id, attempts.worker_id),
          slot = COALESCE(excluded.slot, attempts.slot),
          lease_token = COALESCE(excluded.lease_token, attempts.lease_token),
          status = CASE WHEN attempts.status IN ({FinalAttemptSql})
                             AND (excluded.status NOT IN ({FinalAttemptSql}) OR excluded.superseded)
                        THEN attempts.status ELSE excluded.status END,
          started_at = COALESCE(excluded.started_at, attempts.started_at),
          ended_at = COALESCE(excluded.ended_at, attempts.ended_at),
          return_code = COALESCE(excluded.return_code, attempts.return_code),
          stdout = COALESCE(excluded.stdout, attempts.stdout),
          stderr = COALESCE(excluded.stderr, attempts.stderr),
          completion_reason = CASE WHEN excluded.superseded AND attempts.completion_reason IS NOT NULL
                                   THEN attempts.completion_reason
                                   ELSE COALESCE(excluded.completion_reason, attempts.completion_reason) END,
          superseded = attempts.superseded OR excluded.superseded;
        """;

    private readonly string runGuard =
        $"WHERE id = @RunId AND status NOT IN ({SqlRunStore.TerminalSql}) AND attempt <= @Attempt";

    public async Task ApplyAsync(IReadOnlyList<RunUpdate> updates, CancellationToken ct)
    {
        if (updates.Count == 0)
        {
            return;
        }

        await using var connection = await engine.OpenAsync(ct);
        await using var transaction = await engine.BeginWriteAsync(connection, ct);
        foreach (var update in updates)
        {
            var sql = RunSql(update) is { } runSql ? UpsertAttemptSql + "\n" + runSql : UpsertAttemptSql;
            await connection.ExecuteAsync(new CommandDefinition(sql, Args(update), transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>The conditional run UPDATE this report makes, or null when it only records its attempt.</summary>
    private string? RunSql(RunUpdate update)
    {
        if (update.Superseded || update.RunStatus is null)
        {
            return null;
        }

        var touch = $"updated_at = {engine.NextUpdatedAtSql}, retries_remaining = COALESCE(@RetriesRemaining, retries_remaining)";
        if (update.NextAttempt is not null)
        {
            // Retry or failover: back to the queue for the next attempt, off the worker it was on.
            return $"UPDATE runs SET status = '{RunStatus.Queued}', attempt = @NextAttempt, worker_id = NULL, slot = NULL, {touch} {runGuard};";
        }

        if (update.RunStatus == RunStatus.Running)
        {
            return $"""
                UPDATE runs SET status = @RunStatus, attempt = @Attempt, worker_id = @WorkerId, slot = @Slot,
                  started_at = COALESCE(@StartedAt, started_at), queue_latency_ms = COALESCE(@QueueLatencyMs, queue_latency_ms), {touch}
                {runGuard};
                """;
        }

        if (RunStatus.IsTerminal(update.RunStatus))
        {
            // ended_at falls back to the database clock: retention finds terminal runs by it, so it is never null.
            return $"""
                UPDATE runs SET status = @RunStatus, attempt = @Attempt,
                  worker_id = COALESCE(@WorkerId, worker_id), slot = COALESCE(@Slot, slot),
                  started_at = COALESCE(started_at, @StartedAt), ended_at = COALESCE(@EndedAt, ended_at, {engine.NowSql}),
                  return_code = COALESCE(@ReturnCode, return_code), stdout = COALESCE(@Stdout, stdout),
                  stderr = COALESCE(@Stderr, stderr), completion_reason = COALESCE(@CompletionReason, completion_reason), {touch}
                {runGuard};
                """;
        }

        return $"UPDATE runs SET status = @RunStatus, attempt = @Attempt, {touch} {runGuard};";
    }

    private DynamicParameters Args(RunUpdate u)
    {
        var args = new DynamicParameters(new
        {
            u.RunId, u.Domain, u.Attempt, u.AttemptStatus, u.RunStatus, u.NextAttempt, u.RetriesRemaining, u.WorkerId,
            u.Slot, u.LeaseToken, u.ReturnCode, u.Stdout, u.Stderr, u.CompletionReason, u.QueueLatencyMs, u.Superseded,
        });
        engine.AddTime(args, "StartedAt", u.StartedAt);
        engine.AddTime(args, "EndedAt", u.EndedAt);
        return args;
    }
}
