using System.Data.Common;
using Npgsql;

namespace Hydra.Functions.Store;

/// <summary>
/// Which engine the store uses and where, parsed from the one setting HYDRA_STORE:
/// <list type="bullet">
/// <item>unset or blank: <c>sqlite://.hydra/hydra.db</c> under the working directory (the embedded default);</item>
/// <item><c>sqlite://relative/or/abs/path.db</c> (<c>sqlite:///abs/path.db</c> on Unix) or <c>sqlite:path</c>;</item>
/// <item><c>postgres://user:pass@host:port/db?sslmode=require</c> or <c>postgresql://…</c>; query keys other than
/// sslmode pass through as Npgsql keywords;</item>
/// <item>an Npgsql connection string (<c>Host=…;Username=…;Database=…</c>).</item>
/// </list>
/// </summary>
/// <param name="Engine">sqlite | postgres.</param>
/// <param name="Target">For sqlite the absolute file path; for postgres an Npgsql connection string.</param>
internal sealed record StoreOptions(string Engine, string Target)
{
    public const string SettingName = "HYDRA_STORE";
    public const string DefaultSetting = "sqlite://.hydra/hydra.db";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <param name="setting">The HYDRA_STORE value; null or blank means the default.</param>
    /// <param name="workingDirectory">What a relative SQLite path is relative to.</param>
    /// <exception cref="InvalidOperationException">The setting is none of the accepted forms.</exception>
    public static StoreOptions Parse(string? setting, string workingDirectory)
    {
        var value = string.IsNullOrWhiteSpace(setting) ? DefaultSetting : setting.Trim();
        if ((StripPrefix(value, "sqlite://") ?? StripPrefix(value, "sqlite:")) is { } path)
        {
            return ForSqlite(path, workingDirectory);
        }

        if (StripPrefix(value, "postgres://") is not null || StripPrefix(value, "postgresql://") is not null)
        {
            return new StoreOptions(Postgres, FromUrl(value));
        }

        if (value.Contains('=', StringComparison.Ordinal) && !value.Contains("://", StringComparison.Ordinal))
        {
            return new StoreOptions(Postgres, FromKeywords(value));
        }

        throw Invalid("expected sqlite://path, sqlite:path, postgres://user:pass@host:port/db or an Npgsql " +
            "connection string such as Host=…;Username=…;Database=…");
    }

    /// <summary>Safe to log: a PostgreSQL password is left out.</summary>
    public override string ToString()
    {
        if (Engine != Postgres)
        {
            return $"{Engine} {Target}";
        }

        var builder = new NpgsqlConnectionStringBuilder(Target) { Password = null };
        return $"{Engine} {builder.ConnectionString}";
    }

    private static StoreOptions ForSqlite(string path, string workingDirectory)
    {
        if (path.Length == 0 || path == ":memory:")
        {
            throw Invalid("a SQLite store needs a file path (an in-memory database would vanish between connections)");
        }

        return new StoreOptions(Sqlite, Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(workingDirectory, path)));
    }

    private static string FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid("the postgres:// URL is malformed; expected postgres://user:pass@host:port/db");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.Port > 0 ? uri.Port : 5432,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var keyValue = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            SetKeyword(builder, key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key, keyValue);
        }

        return builder.ConnectionString;
    }

    private static string FromKeywords(string value)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException e)
        {
            throw Invalid($"the Npgsql connection string is not valid ({e.Message})");
        }

        return string.IsNullOrEmpty(builder.Host)
            ? throw Invalid("the Npgsql connection string names no Host")
            : builder.ConnectionString;
    }

    private static void SetKeyword(DbConnectionStringBuilder builder, string key, string value)
    {
        try
        {
            builder[key] = value;
        }
        catch (ArgumentException e)
        {
            throw Invalid($"the URL option '{key}' is not an Npgsql connection keyword ({e.Message})");
        }
    }

    private static string? StripPrefix(string value, string prefix) =>
        value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? value[prefix.Length..] : null;

    // The message never repeats the setting itself: it may carry a password.
    private static InvalidOperationException Invalid(string why) => new($"{SettingName} is not a store this app can use: {why}.");
}
