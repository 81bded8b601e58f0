using System.Data.Common;
using Dapper;

namespace Hydra.Functions.Store;

/// <summary>
/// What differs between SQLite and PostgreSQL, and nothing else: opening a connection, how an instant or a
/// JSON document is passed, the database clock, and the migration lock. The stores hold the SQL both engines
/// share and ask the engine for these pieces. An engine is also the store's health probe.
/// </summary>
internal abstract class SqlEngine : IStoreHealth, IAsyncDisposable
{
    /// <summary>sqlite | postgres.</summary>
    public abstract string Engine { get; }

    /// <summary>The folder under Store/Migrations whose numbered scripts build this engine's schema.</summary>
    public abstract string MigrationFolder { get; }

    /// <summary>Creates the migration ledger if absent; the migrator runs it under the lock.</summary>
    public abstract string MigrationLedgerSql { get; }

    /// <summary>SQL for the database clock now, at millisecond precision, as the engine stores instants.</summary>
    public abstract string NowSql { get; }

    /// <summary>
    /// SQL for a run's new updated_at: the database clock, but strictly after the current value, so a reader
    /// that saw the old value (TryMarkRedispatchAsync) always notices the change even within one millisecond.
    /// </summary>
    public abstract string NextUpdatedAtSql { get; }

    /// <summary>An open connection with the engine's session settings applied; the caller disposes it.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A write transaction: on SQLite it takes the write lock at BEGIN, so two writers never deadlock upgrading.</summary>
    public virtual async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(ct);

    /// <summary>Adds an instant (or null) as the engine stores it.</summary>
    public abstract void AddTime(DynamicParameters args, string name, DateTimeOffset? value);

    /// <summary>SQL that turns the text parameter <paramref name="parameter"/> into the engine's JSON value.</summary>
    public abstract string Json(string parameter);

    /// <summary>Serialises migrations between processes; called first inside the migration transaction.</summary>
    public abstract Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);

    /// <summary>One-time, outside any transaction, before migrations (e.g. SQLite's journal mode).</summary>
    public virtual Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct)) == 1;
        }
        catch (DbException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Runs one query on a connection of its own and reads every row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, object? args, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        return await StoreRows.ReadAllAsync(reader, read, ct);
    }

    /// <summary>Runs one statement on a connection of its own; returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, object? args, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    public abstract ValueTask DisposeAsync();
}
