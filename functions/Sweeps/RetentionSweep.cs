using Hydra.Functions.Catalog;
using Hydra.Functions.Store;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Sweeps;

internal sealed class RetentionOptions
{
    /// <summary>HYDRA_RETENTION_DAYS: ended runs older than this are deleted with their attempts.</summary>
    public double Days { get; set; } = 30;

    /// <summary>Rows per delete statement, so one sweep never holds a long lock.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Batches per invocation; the next tick continues where this one stopped.</summary>
    public int MaxBatches { get; set; } = 20;
}

/// <summary>
/// Timer function: deletes runs (and their attempts) that ended more than the retention period ago, in bounded
/// batches. Idempotent and safe when two run at once (each batch deletes what is still there).
/// </summary>
internal static class RetentionSweep
{
    public static async Task<TimerOutcome> InvokeAsync(IServiceProvider services, CancellationToken ct)
    {
        var runs = services.GetRequiredService<IRunStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var options = services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Days);

        var deleted = 0;
        for (var batch = 0; batch < options.MaxBatches; batch++)
        {
            var count = await runs.DeleteEndedBeforeAsync(cutoff, options.BatchSize, ct);
            deleted += count;
            if (count < options.BatchSize)
            {
                break;
            }
        }

        return new TimerOutcome($"deleted {deleted} run(s) that ended before {cutoff:O}");
    }
}
