using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;

namespace Hydra.Functions.Store;

/// <summary>The shared engine: one NpgsqlDataSource (its pool) per process; JSON in jsonb, instants in timestamptz.</summary>
internal sealed class PostgresEngine(string connectionString) : SqlEngine
{
    // "HYDR": the first key of the two-key advisory lock; the second is the schema, so separate schemas
    // (one per test, or per deployment in one database) migrate without waiting on each other.
    private const int MigrationLockKey = 0x48594452;

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    public override string Engine => "postgres";

    public override string MigrationFolder => "Postgres";

    public override string MigrationLedgerSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)";

    public override string NowSql => "date_trunc('milliseconds', clock_timestamp())";

    public override string NextUpdatedAtSql => $"GREATEST({NowSql}, updated_at + interval '1 millisecond')";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) =>
        await dataSource.OpenConnectionAsync(ct);

    // Npgsql writes only UTC DateTimeOffset values to timestamptz; the explicit DbType types a null, too.
    public override void AddTime(DynamicParameters args, string name, DateTimeOffset? value) =>
        args.Add(name, value is { } v ? StoreTime.Truncate(v) : null, DbType.DateTimeOffset);

    public override string Json(string parameter) => $"CAST(@{parameter} AS jsonb)";

    public override Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@Key, hashtext(COALESCE(current_schema(), '')))",
            new { Key = MigrationLockKey }, transaction, cancellationToken: ct));

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
