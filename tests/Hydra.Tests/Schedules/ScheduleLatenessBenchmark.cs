using System.Globalization;
using Hydra.Functions.Store;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Schedules;

/// <summary>
/// Measures the lean host's schedule lateness: from a slot's instant to the moment its run was created (the run's
/// created_at minus its schedule_tick), on the real clock, for <c>jobs</c> interval jobs firing every second for
/// <c>ticks</c> ticks. The first slot of each job is left out (it is fired by the every-second timer before the
/// wake-up knows the job). Real Redis and a SQLite store, no workers (runs wait in Redis; dispatch cost is included).
/// Call: <c>await ScheduleLatenessBenchmark.RunAsync(jobs: 20, ticks: 500, ct)</c>; it returns one report line.
/// </summary>
public static class ScheduleLatenessBenchmark
{
    public static async Task<string> RunAsync(int jobs, int ticks, CancellationToken ct)
    {
        await using var app = await HydraTestApp.StartAsync();
        var ids = new List<string>();
        for (var j = 0; j < jobs; j++)
        {
            var job = await app.Client.PostJobAsync(ApiClient.ShellJob($"lateness-{j}", "true", ",\"schedule\":{\"mode\":\"interval\",\"interval_seconds\":1}"));
            ids.Add(job["_id"]!.GetValue<string>());
        }

        var runs = app.Get<IRunStore>();
        var lateness = new List<double>();
        await Eventually.TrueAsync(async () =>
        {
            lateness.Clear();
            foreach (var id in ids)
            {
                var all = new List<RunRecord>();
                string? cursor = null;
                do
                {
                    var page = await runs.ListAsync(new RunQuery(null, id, null, 500, cursor), ct);
                    all.AddRange(page.Items);
                    cursor = page.NextCursor;
                }
                while (cursor is not null);

                var items = all.OrderBy(r => r.ScheduledAt).Skip(1).Take(ticks).ToList();
                if (items.Count < ticks)
                {
                    return false;
                }

                lateness.AddRange(items.Select(r => (r.CreatedAt - r.ScheduledAt!.Value).TotalMilliseconds));
            }

            return true;
        }, TimeSpan.FromSeconds(ticks * 2 + 60), $"{ticks} ticks of {jobs} jobs");

        lateness.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"schedule lateness over {ticks} ticks x {jobs} jobs ({lateness.Count} runs): " +
            $"p50 {Percentile(lateness, 0.50):0.0} ms, p99 {Percentile(lateness, 0.99):0.0} ms, max {lateness[^1]:0.0} ms");
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
