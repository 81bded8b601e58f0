using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hydra.Functions.Events;
using Hydra.Shared.Events;
using EventLog = Hydra.Shared.Redis.EventLog;
using Microsoft.Extensions.DependencyInjection;

namespace Hydra.Bench;

/// <summary>
/// C clients long-poll GET /api/events/stream like EventSource (reconnecting with Last-Event-ID); once all of them
/// are parked waiting, one event is appended, and each client's receive time minus the append time is a latency
/// sample. The next event waits until every client is parked again, so the figure is wake-up latency with C
/// waiters, not reconnect queueing. Threads and memory are sampled while all C wait (the app runs in this process,
/// so the figures include the C clients' own sockets; the baseline is taken before they connect).
/// </summary>
internal static class EventsPhase
{
    private const string Domain = "bench-events";
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(1);

    public static async Task<string> RunAsync(BenchStack stack, int clients, int events, CancellationToken ct)
    {
        var log = stack.Services.GetRequiredService<EventLog>();
        var signals = stack.Services.GetRequiredService<WakeSignals>();
        var topic = WakeSignals.Domain(Domain);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + 8 })
        {
            BaseAddress = stack.Client.BaseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Add("x-api-key", BenchStack.AdminToken);
        http.DefaultRequestHeaders.Add("x-domain", Domain);
        // Admins act only in domains that exist.
        using (var created = await http.PostAsync("/api/admin/domains",
            new StringContent("{\"domain\":\"" + Domain + "\"}", System.Text.Encoding.UTF8, "application/json"), ct))
        {
            if (!created.IsSuccessStatusCode && created.StatusCode != System.Net.HttpStatusCode.Conflict)
            {
                throw new InvalidOperationException($"creating domain {Domain} answered {(int)created.StatusCode}");
            }
        }
        var start = (await http.GetFromJsonAsync<JsonObject>("/api/events?wait=0", ct))!["next_cursor"]!.GetValue<string>();

        var baseline = Sample();
        var appendedAt = new long[events];
        var latencies = new List<double>[clients];
        var firstPerEvent = Enumerable.Repeat(double.MaxValue, events).ToArray();
        var followers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            latencies[c] = new List<double>(events);
            var cursor = start;
            while (latencies[c].Count < events)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/stream?wait=55");
                request.Headers.Add("Last-Event-ID", cursor);
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var now = Stopwatch.GetTimestamp();
                foreach (var line in body.Split('\n'))
                {
                    if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        cursor = line[4..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        var n = JsonNode.Parse(line[6..])!["payload"]!["n"]!.GetValue<int>();
                        var ms = Stopwatch.GetElapsedTime(appendedAt[n], now).TotalMilliseconds;
                        latencies[c].Add(ms);
                        lock (firstPerEvent)
                        {
                            firstPerEvent[n] = Math.Min(firstPerEvent[n], ms);
                        }
                    }
                }
            }
        }, ct)).ToList();

        var waiting = default(ResourceSample);
        for (var n = 0; n < events; n++)
        {
            while (signals.Waiters(topic) < clients)
            {
                await Task.Delay(Settle, ct);
            }

            if (n == 0)
            {
                waiting = Sample();
            }

            appendedAt[n] = Stopwatch.GetTimestamp();
            await log.AppendAsync(Domain, [new EventDraft(EventTypes.JobUpdated, new JsonObject { ["n"] = n })], ct);
        }

        await Task.WhenAll(followers);
        var all = latencies.SelectMany(l => l).ToList();
        return $"""
            events: {clients} clients long-polling /api/events/stream, {events} events appended one at a time once all wait ({all.Count} deliveries)
              event append → client received: p50 {Quantile(all, 50):0.0} ms, p99 {Quantile(all, 99):0.0} ms, max {all.Max():0.0} ms
              event append → first of the {clients} clients received (the wake-up itself): p50 {Quantile([.. firstPerEvent], 50):0.0} ms, p99 {Quantile([.. firstPerEvent], 99):0.0} ms
              process before the clients: {baseline}
              process while {clients} wait:  {waiting}
            """;
    }

    private static double Quantile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static ResourceSample Sample()
    {
        using var process = Process.GetCurrentProcess();
        return new ResourceSample(process.Threads.Count, process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }

    private readonly record struct ResourceSample(int Threads, long WorkingSet, long ManagedHeap)
    {
        public override string ToString() =>
            $"{Threads} threads, working set {WorkingSet / (1024.0 * 1024):0} MiB, managed heap {ManagedHeap / (1024.0 * 1024):0} MiB";
    }
}
