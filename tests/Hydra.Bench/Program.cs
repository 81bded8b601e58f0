using System.Globalization;
using Hydra.Bench;

// Prints figures; asserts nothing about speed. Usage:
//   dotnet tests/Hydra.Bench/bin/Release/net10.0/Hydra.Bench.dll --redis 127.0.0.1:6379 [--jobs 2000] [--workers 2] [--slots 8] [--event-clients 200] [--events-only]
var options = BenchOptions.Parse(args);
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(20));
var ct = cts.Token;

Console.WriteLine($"Hydra.Functions benchmark: {options.Jobs} jobs, {options.Workers} worker hosts x {options.Slots} slots, Redis {options.Redis}, SQLite store");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");

await using (var stack = await BenchStack.StartAsync(options.Redis, options.Workers, options.Slots, ct))
{
    if (args.Contains("--events-only"))
    {
        Console.WriteLine(await EventsPhase.RunAsync(stack, options.EventClients, events: 50, ct));
        return;
    }

    var (latency, _) = await Phases.DispatchLatencyAsync(stack, runs: 200, ct);
    Console.WriteLine(latency);
    var throughput = await Phases.ThroughputAsync(stack, options.Jobs, clients: 16, ct);
    Console.WriteLine(throughput);
    var jobsPerSecond = ParseThroughput(throughput);
    var raw = await Phases.RawProcessStartRateAsync(options.Jobs, options.Workers * options.Slots, ct);
    Console.WriteLine($"raw Process.Start of /bin/true at concurrency {options.Workers * options.Slots}: {raw:0.0} processes/s");
    Console.WriteLine($"ratio end-to-end / raw: {jobsPerSecond / raw:0.00}");
    Console.WriteLine(await EventsPhase.RunAsync(stack, options.EventClients, events: 50, ct));
}

static double ParseThroughput(string report)
{
    var marker = "persisted): ";
    var start = report.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
    var end = report.IndexOf(" jobs/s", start, StringComparison.Ordinal);
    return double.Parse(report[start..end], CultureInfo.InvariantCulture);
}

internal sealed record BenchOptions(string Redis, int Jobs, int Workers, int Slots, int EventClients)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new BenchOptions(
            Value("--redis", Environment.GetEnvironmentVariable("HYDRA_TEST_REDIS") ?? "127.0.0.1:6379"),
            int.Parse(Value("--jobs", "2000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--workers", "2"), CultureInfo.InvariantCulture),
            int.Parse(Value("--slots", "8"), CultureInfo.InvariantCulture),
            int.Parse(Value("--event-clients", "200"), CultureInfo.InvariantCulture));
    }
}
