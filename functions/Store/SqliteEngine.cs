using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Hydra.Functions.Store;

/// <summary>
/// The embedded engine: one database file, WAL so readers never block the writer, synchronous=NORMAL (durable
/// across process crashes; an OS crash may lose the last commits), foreign keys on (attempts cascade with their run).
/// </summary>
internal sealed class SqliteEngine : SqlEngine
{
    private const int BusyTimeoutMs = 10_000;

    private readonly string connectionString;

    public SqliteEngine(string path)
    {
        Path = path;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public override string Engine => "sqlite";

    public override string MigrationFolder => "Sqlite";

    public override string MigrationLedgerSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT";

    public override string NowSql => $"strftime('{StoreTime.SqliteStrftimeFormat}', 'now')";

    // Text instants of one fixed format compare as the instants do, so MAX picks the later one.
    public override string NextUpdatedAtSql =>
        $"MAX({NowSql}, strftime('{StoreTime.SqliteStrftimeFormat}', updated_at, '+0.001 seconds'))";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per connection (pooled connections keep them, but a fresh one has the defaults).
            await connection.ExecuteAsync(new CommandDefinition(
                $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {BusyTimeoutMs};", cancellationToken: ct));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // BEGIN IMMEDIATE: a deferred transaction that reads and then writes can fail with SQLITE_BUSY when another
    // connection wrote in between, and the busy timeout cannot help it; taking the write lock first avoids that.
    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override void AddTime(DynamicParameters args, string name, DateTimeOffset? value) =>
        args.Add(name, value is { } v ? StoreTime.ToText(v) : null, DbType.String);

    // json() rejects malformed text as PostgreSQL's jsonb does, and stores it minified.
    public override string Json(string parameter) => $"json(@{parameter})";

    // The caller's transaction came from BeginWriteAsync (BEGIN IMMEDIATE): it already holds the database's
    // write lock, which is the migration lock.
    public override Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.CompletedTask;

    public override async Task PrepareAsync(CancellationToken ct)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // The journal mode is stored in the file, so setting it once at start is enough.
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: ct));
    }

    public override ValueTask DisposeAsync()
    {
        // Closes this file's pooled handles so tests can delete it and the process leaves no open files behind.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
