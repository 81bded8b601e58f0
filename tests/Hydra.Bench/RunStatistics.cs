using Microsoft.Data.Sqlite;

namespace Hydra.Bench;

/// <summary>Reads what the store recorded about the benchmark's runs (the same rows the API serves).</summary>
internal sealed class RunStatistics(string databasePath)
{
    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString();

    public async Task<long> CountEndedAsync(string trigger, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM runs WHERE trigger_type = $t AND status IN ('success','failed','timed_out','cancelled')";
        command.Parameters.AddWithValue("$t", trigger);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<(List<long> QueueLatencyMs, long Failed)> ReadAsync(string trigger, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT queue_latency_ms, status FROM runs WHERE trigger_type = $t";
        command.Parameters.AddWithValue("$t", trigger);
        var latencies = new List<long>();
        long failed = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!reader.IsDBNull(0))
            {
                latencies.Add(reader.GetInt64(0));
            }

            if (reader.GetString(1) != "success")
            {
                failed++;
            }
        }

        return (latencies, failed);
    }
}

internal static class Percentile
{
    public static double Of(IReadOnlyList<long> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
