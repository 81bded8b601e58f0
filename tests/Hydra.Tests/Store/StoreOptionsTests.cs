using Hydra.Functions.Store;
using Npgsql;

namespace Hydra.Tests.Store;

public sealed class StoreOptionsTests
{
    private const string Cwd = "/srv/app";

    [Theory]
    [InlineData(null, "/srv/app/.hydra/hydra.db")]
    [InlineData("  ", "/srv/app/.hydra/hydra.db")]
    [InlineData("sqlite://data/hydra.db", "/srv/app/data/hydra.db")]
    [InlineData("sqlite:///var/lib/hydra.db", "/var/lib/hydra.db")]
    [InlineData("sqlite:data.db", "/srv/app/data.db")]
    [InlineData("SQLITE:/abs/x.db", "/abs/x.db")]
    public void Sqlite_settings_name_a_file_relative_to_the_working_directory(string? setting, string path)
    {
        Assert.Equal(new StoreOptions(StoreOptions.Sqlite, path), StoreOptions.Parse(setting, Cwd));
    }

    [Theory]
    [InlineData("postgres://hydra:s%40cret@db.example.com:6543/jobs?sslmode=require")]
    [InlineData("postgresql://hydra:s%40cret@db.example.com:6543/jobs?sslmode=Require")]
    [InlineData("Host=db.example.com;Port=6543;Username=hydra;Password=s@cret;Database=jobs;SSL Mode=Require")]
    public void Postgres_urls_and_connection_strings_become_the_same_npgsql_settings(string setting)
    {
        var options = StoreOptions.Parse(setting, Cwd);

        Assert.Equal(StoreOptions.Postgres, options.Engine);
        var builder = new NpgsqlConnectionStringBuilder(options.Target);
        Assert.Equal(("db.example.com", 6543, "hydra", "s@cret", "jobs", SslMode.Require),
            (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode));
        Assert.DoesNotContain("s@cret", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_url_without_a_port_uses_5432()
    {
        var builder = new NpgsqlConnectionStringBuilder(StoreOptions.Parse("postgres://u@localhost/db", Cwd).Target);

        Assert.Equal((5432, "u", "db"), (builder.Port, builder.Username, builder.Database));
    }

    [Theory]
    [InlineData("mysql://root@localhost/db")]
    [InlineData("sqlite::memory:")]
    [InlineData("sqlite:")]
    [InlineData("Host=;Database=x")]
    [InlineData("Nonsense=1")]
    [InlineData("postgres://u:p@host/db?bogus_option=1")]
    [InlineData("just words")]
    public void Anything_else_fails_with_a_message_naming_the_setting(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StoreOptions.Parse(setting, Cwd));

        Assert.StartsWith("HYDRA_STORE ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cursor_round_trips_and_rejects_tampering()
    {
        var cursor = new PageCursor(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), "job|with|bars");

        Assert.Equal(cursor, PageCursor.Decode(cursor.Encode()));
        Assert.Null(PageCursor.Decode(null));
        Assert.Throws<ArgumentException>(() => PageCursor.Decode(cursor.Encode()[..5]));
    }
}
