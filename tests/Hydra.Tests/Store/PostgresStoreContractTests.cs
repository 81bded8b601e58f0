using Hydra.Functions.Store;
using Hydra.Tests.Infrastructure;
using Npgsql;

namespace Hydra.Tests.Store;

/// <summary>
/// The store contract on the test run's PostgreSQL (HYDRA_TEST_POSTGRES; missing means failure, not a skip):
/// each test in a schema of its own, reached through Search Path and dropped afterwards.
/// </summary>
public sealed class PostgresStoreContractTests : StoreContract
{
    private readonly List<string> schemas = [];

    protected override string ExpectedEngine => "postgres";

    private protected override async Task<StoreOptions> NewDatabaseAsync()
    {
        var schema = TestServices.UniqueName("s");
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        schemas.Add(schema);
        var builder = new NpgsqlConnectionStringBuilder(TestServices.Postgres) { SearchPath = schema };
        return StoreOptions.Parse(builder.ConnectionString, Path.GetTempPath());
    }

    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    private protected override StoreOptions UnreachableDatabase() =>
        StoreOptions.Parse("postgres://postgres@127.0.0.1:1/postgres", Path.GetTempPath());

    protected override async Task DropDatabasesAsync()
    {
        foreach (var schema in schemas)
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }
    }

    // Schema names come from UniqueName (a prefix and hex digits), never from input.
    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestServices.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
