using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hydra.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hydra.Bench;

/// <summary>
/// The system under measurement: the function app on its lean host (in this process, real Kestrel on loopback,
/// SQLite in a temp directory) and W real worker-host processes, all on one real Redis.
/// </summary>
internal sealed class BenchStack : IAsyncDisposable
{
    public const string AdminToken = "bench-admin-token";

    private readonly WebApplication _app;
    private readonly List<Process> _workers;

    private BenchStack(WebApplication app, List<Process> workers, HttpClient client, string databasePath)
    {
        _app = app;
        _workers = workers;
        Client = client;
        DatabasePath = databasePath;
    }

    public HttpClient Client { get; }

    public string DatabasePath { get; }

    /// <summary>The in-process function app's services (the events phase appends and watches its waiters there).</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<BenchStack> StartAsync(string redis, int workers, int slots, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("hydra-bench-").FullName;
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var database = Path.Combine(directory, "hydra.db");
        var app = HydraApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ADMIN_TOKEN"] = AdminToken,
            ["HYDRA_STORE"] = "sqlite://" + database,
            // The app creates its bootstrap domain on first start and writes the token here for the workers.
            ["HYDRA_BOOTSTRAP_TOKEN_FILE"] = Path.Combine(directory, "domain-token"),
            // The per-token write limit protects a shared deployment; the benchmark is one client submitting as fast as it can.
            ["HYDRA_WRITE_RATE_PER_MINUTE"] = "10000000",
            ["HYDRA_URLS"] = "http://127.0.0.1:0",
            ["REDIS_URL"] = "redis://" + redis,
            ["HYDRA_REDIS_PREFIX"] = prefix,
            ["LOG_LEVEL"] = "Warning",
        }));
        await HydraApp.InitializeAsync(app, ct);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("x-api-key", AdminToken);

        var token = (await File.ReadAllTextAsync(Path.Combine(directory, "domain-token"), ct)).Trim();
        var processes = Enumerable.Range(0, workers).Select(i => StartWorker(redis, prefix, $"bench-w{i}", slots, token)).ToList();
        var stack = new BenchStack(app, processes, client, database);
        await stack.WaitForWorkersAsync(workers, ct);
        return stack;
    }

    private async Task WaitForWorkersAsync(int count, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var workers = await Client.GetFromJsonAsync<JsonArray>("/api/workers", deadline.Token);
            if (workers!.Count(w => w!["status"]!.GetValue<string>() == "online") >= count)
            {
                return;
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static Process StartWorker(string redis, string prefix, string id, int slots, string domainToken)
    {
        var info = new ProcessStartInfo("dotnet", [WorkerDll()])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["REDIS_URL"] = "redis://" + redis;
        info.Environment["HYDRA_REDIS_PREFIX"] = prefix;
        info.Environment["WORKER_ID"] = id;
        info.Environment["WORKER_DOMAIN"] = "prod";
        info.Environment["WORKER_DOMAIN_TOKEN"] = domainToken;
        info.Environment["MAX_CONCURRENCY"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"[{id}] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string WorkerDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "worker-host", "bin", bin.Parent!.Name, bin.Name, "Hydra.WorkerHost.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build worker-host in the same configuration first", dll);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
            }

            worker.Dispose();
        }

        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
