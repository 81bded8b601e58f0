using Dapper;
using Hydra.Functions.Store;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Store;

/// <summary>The store contract on SQLite: each test on a database file in a temporary directory of its own.</summary>
public sealed class SqliteStoreContractTests : StoreContract
{
    private readonly List<string> directories = [];

    protected override string ExpectedEngine => "sqlite";

    private protected override Task<StoreOptions> NewDatabaseAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), TestServices.UniqueName("hydra_store"));
        directories.Add(directory);
        // The store creates the directory itself, as it does for the default .hydra/hydra.db.
        return Task.FromResult(StoreOptions.Parse($"sqlite://{directory}/hydra.db", Path.GetTempPath()));
    }

    [Fact]
    public async Task Sqlite_connections_use_wal_normal_sync_and_foreign_keys()
    {
        await using var connection = await Store.Engine.OpenAsync(Ct);

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("PRAGMA synchronous"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("PRAGMA foreign_keys"));
    }

    private protected override StoreOptions UnreachableDatabase() =>
        new(StoreOptions.Sqlite, "/proc/hydra-no-such-directory/hydra.db");

    protected override Task DropDatabasesAsync()
    {
        foreach (var directory in directories.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
