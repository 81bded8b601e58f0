namespace Hydra.Tests.Infrastructure;

/// <summary>
/// Addresses of the real Redis and PostgreSQL the test run started (scripts/services.sh, run by scripts/test.sh and .ci/run).
/// A test that needs a service fails, never skips, when it is missing.
/// </summary>
public static class TestServices
{
    /// <summary>host:port of the test Redis.</summary>
    public static string Redis => Require("HYDRA_TEST_REDIS");

    /// <summary>Npgsql connection string of the test PostgreSQL (trust auth, loopback).</summary>
    public static string Postgres => Require("HYDRA_TEST_POSTGRES");

    /// <summary>A name unique to this call, usable as a Redis key prefix, domain, schema or database name.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 63)].ToLowerInvariant();

    private static string Require(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{variable} is not set: this test needs a real service. Run the tests with scripts/test.sh, " +
                "which starts redis-server and PostgreSQL, or start them with scripts/services.sh start DIR and source DIR/env.");
        }

        return value;
    }
}
