using System.Data.Common;

namespace Hydra.Functions.Store;

/// <summary>
/// Column lists and row readers shared by both engines. Readers go by ordinal in the order of the column list
/// and read instants with GetFieldValue&lt;DateTimeOffset&gt;, which both providers support for their storage
/// (SQLite text, PostgreSQL timestamptz); Dapper's own mapping cannot turn either into DateTimeOffset.
/// </summary>
internal static class StoreRows
{
    public const string JobColumns =
        "id, domain, name, enabled, next_run_at, created_at, updated_at, version, document";

    public const string RunColumns =
        "id, domain, job_id, user_name, status, priority, created_at, scheduled_at, schedule_mode, trigger_type, " +
        "executor_type, attempt, retries_remaining, worker_id, slot, started_at, ended_at, return_code, stdout, " +
        "stderr, completion_reason, queue_latency_ms, dispatch, idempotency_key, updated_at, schedule_note";

    public const string AttemptColumns =
        "run_id, attempt, domain, worker_id, slot, lease_token, status, started_at, ended_at, return_code, stdout, " +
        "stderr, completion_reason, superseded";

    /// <summary>RunColumns with a table alias, for joins.</summary>
    public static string RunColumnsOf(string alias) =>
        string.Join(", ", RunColumns.Split(", ").Select(column => $"{alias}.{column}"));

    public static JobRecord ReadJob(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetBoolean(3),
        TimeOrNull(r, 4),
        Time(r, 5),
        Time(r, 6),
        r.GetInt32(7),
        r.GetString(8));

    /// <summary>Reads a run whose RunColumns start at <paramref name="first"/>.</summary>
    public static RunRecord ReadRun(DbDataReader r, int first = 0) => new()
    {
        Id = r.GetString(first),
        Domain = r.GetString(first + 1),
        JobId = r.GetString(first + 2),
        User = StringOrNull(r, first + 3),
        Status = r.GetString(first + 4),
        Priority = r.GetInt32(first + 5),
        CreatedAt = Time(r, first + 6),
        ScheduledAt = TimeOrNull(r, first + 7),
        ScheduleMode = StringOrNull(r, first + 8),
        Trigger = r.GetString(first + 9),
        ExecutorType = r.GetString(first + 10),
        Attempt = r.GetInt32(first + 11),
        RetriesRemaining = r.GetInt32(first + 12),
        WorkerId = StringOrNull(r, first + 13),
        Slot = IntOrNull(r, first + 14),
        StartedAt = TimeOrNull(r, first + 15),
        EndedAt = TimeOrNull(r, first + 16),
        ReturnCode = IntOrNull(r, first + 17),
        Stdout = StringOrNull(r, first + 18),
        Stderr = StringOrNull(r, first + 19),
        CompletionReason = StringOrNull(r, first + 20),
        QueueLatencyMs = r.IsDBNull(first + 21) ? null : r.GetInt64(first + 21),
        Dispatch = r.GetString(first + 22),
        IdempotencyKey = StringOrNull(r, first + 23),
        UpdatedAt = Time(r, first + 24),
        ScheduleNote = StringOrNull(r, first + 25),
    };

    public static AttemptRecord ReadAttempt(DbDataReader r) => new()
    {
        RunId = r.GetString(0),
        Attempt = r.GetInt32(1),
        Domain = r.GetString(2),
        WorkerId = StringOrNull(r, 3),
        Slot = IntOrNull(r, 4),
        LeaseToken = StringOrNull(r, 5),
        Status = r.GetString(6),
        StartedAt = TimeOrNull(r, 7),
        EndedAt = TimeOrNull(r, 8),
        ReturnCode = IntOrNull(r, 9),
        Stdout = StringOrNull(r, 10),
        Stderr = StringOrNull(r, 11),
        CompletionReason = StringOrNull(r, 12),
        Superseded = r.GetBoolean(13),
    };

    /// <summary>Reads every row of <paramref name="reader"/> with <paramref name="read"/>.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(DbDataReader reader, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static DateTimeOffset Time(DbDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i).ToUniversalTime();

    private static DateTimeOffset? TimeOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : Time(r, i);

    private static string? StringOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static int? IntOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
}
