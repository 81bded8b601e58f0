using System.Globalization;
using System.Reflection;
using Dapper;

namespace Hydra.Functions.Store;

/// <summary>Brings the store's schema up to date; the app calls it once at startup, before serving.</summary>
internal interface IStoreInitializer
{
    Task InitializeAsync(CancellationToken ct);
}

/// <summary>
/// Applies the engine's numbered migrations (embedded Store/Migrations/{Engine}/NNNN_name.sql) that the
/// schema_migrations ledger does not list yet, all in one transaction under the engine's migration lock.
/// Re-running is a no-op, and processes starting together serialise on the lock: the second one finds the
/// ledger complete and applies nothing. DDL is transactional on both engines, so a failed script leaves nothing.
/// </summary>
internal sealed class StoreMigrator(SqlEngine engine) : IStoreInitializer
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        await engine.PrepareAsync(ct);
        await using var connection = await engine.OpenAsync(ct);
        await using var transaction = await engine.BeginWriteAsync(connection, ct);
        await engine.LockMigrationsAsync(connection, transaction, ct);
        await connection.ExecuteAsync(new CommandDefinition(engine.MigrationLedgerSql, transaction: transaction, cancellationToken: ct));
        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: ct))).ToHashSet();

        foreach (var migration in Migrations(engine.MigrationFolder).Where(m => !applied.Contains(m.Version)))
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO schema_migrations (version, applied_at) VALUES (@Version, {engine.NowSql})",
                new { migration.Version }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>The versions the ledger lists, ascending.</summary>
    public async Task<IReadOnlyList<int>> AppliedVersionsAsync(CancellationToken ct)
    {
        await using var connection = await engine.OpenAsync(ct);
        var versions = await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations ORDER BY version", cancellationToken: ct));
        return versions.ToList();
    }

    /// <summary>The embedded migrations of one engine, by version.</summary>
    public static IReadOnlyList<Migration> Migrations(string folder)
    {
        var assembly = typeof(StoreMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Store.Migrations.{folder}.";
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => new Migration(ParseVersion(name[prefix.Length..]), Read(assembly, name)))
            .OrderBy(m => m.Version)
            .ToList();
        if (migrations.Count == 0 || migrations.Select(m => m.Version).Distinct().Count() != migrations.Count)
        {
            throw new InvalidOperationException($"The {folder} migrations are missing or share a version number.");
        }

        return migrations;
    }

    private static int ParseVersion(string fileName)
    {
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        return underscore > 0 && int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InvalidOperationException($"Migration '{fileName}' is not named NNNN_description.sql.");
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded migration '{name}' cannot be read.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal sealed record Migration(int Version, string Sql);
}
