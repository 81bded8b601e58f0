using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Hydra.Bench;

internal static class Phases
{
    private const string TrivialJob = """{"name":"bench","executor":{"type":"external","command":"/bin/true"}}""";

    /// <summary>N ad-hoc jobs submitted through the API as fast as C clients can; done when all N are persisted as ended.</summary>
    public static async Task<string> ThroughputAsync(BenchStack stack, int jobs, int clients, CancellationToken ct)
    {
        var stats = new RunStatistics(stack.DatabasePath);
        var clock = Stopwatch.StartNew();
        var next = -1;
        var rejected = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < jobs)
            {
                using var response = await stack.Client.PostAsync("/api/jobs/adhoc", new StringContent(TrivialJob, Encoding.UTF8, "application/json"), ct);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref rejected);
                }
            }
        }));
        var submitted = clock.Elapsed;

        while (await stats.CountEndedAsync("adhoc", ct) < jobs - rejected)
        {
            await Task.Delay(20, ct);
        }

        var total = clock.Elapsed;
        var (latencies, failed) = await stats.ReadAsync("adhoc", ct);
        return $"""
            end to end: {jobs} jobs submitted in {submitted.TotalSeconds:0.00} s ({jobs / submitted.TotalSeconds:0} submissions/s, {rejected} rejected), all persisted as ended after {total.TotalSeconds:0.00} s
              throughput (submit → exit → persisted): {jobs / total.TotalSeconds:0.0} jobs/s; {failed} not success
              queue latency under saturation (enqueue → claimed): p50 {Percentile.Of(latencies, 50):0} ms, p99 {Percentile.Of(latencies, 99):0} ms
            """;
    }

    /// <summary>Runs started one at a time on idle workers: what dispatch itself costs when a slot is free.</summary>
    public static async Task<(string Report, double P50)> DispatchLatencyAsync(BenchStack stack, int runs, CancellationToken ct)
    {
        using var created = await stack.Client.PostAsync("/api/jobs", new StringContent(
            """{"name":"bench-latency","executor":{"type":"external","command":"/bin/true"},"schedule":{"mode":"interval","interval_seconds":86400,"enabled":false}}""",
            Encoding.UTF8, "application/json"), ct);
        var jobId = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["_id"]!.GetValue<string>();
        var latencies = new List<long>();
        for (var i = 0; i < runs; i++)
        {
            using var response = await stack.Client.PostAsync($"/api/jobs/{jobId}/run", null, ct);
            var runId = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["run_id"]!.GetValue<string>();
            while (true)
            {
                var run = await stack.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", ct);
                if (run!["status"]!.GetValue<string>() is "success" or "failed")
                {
                    latencies.Add(run["queue_latency_ms"]!.GetValue<long>());
                    break;
                }

                await Task.Delay(5, ct);
            }
        }

        var p50 = Percentile.Of(latencies, 50);
        return ($"dispatch latency, idle slot (run created → process claimed by its worker), {runs} runs: p50 {p50:0} ms, p99 {Percentile.Of(latencies, 99):0} ms", p50);
    }

    /// <summary>The floor: how fast this machine starts /bin/true at the same total concurrency, with nothing else around it.</summary>
    public static async Task<double> RawProcessStartRateAsync(int processes, int concurrency, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < processes)
            {
                using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
                await process.WaitForExitAsync(ct);
            }
        }));
        return processes / clock.Elapsed.TotalSeconds;
    }
}
