using System.Text.Json.Nodes;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.EndToEnd;

/// <summary>
/// The lean host in this process and two real worker-host processes with one slot each, all on the real Redis and
/// a SQLite store: the whole execution path with nothing faked.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    public HydraTestApp App { get; private set; } = null!;

    public WorkerProcess WorkerA { get; private set; } = null!;

    public WorkerProcess WorkerB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await HydraTestApp.StartAsync();
        Runs = new AppClient(App);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        WorkerA = WorkerProcess.Start(App.RedisPrefix, $"wa-{suffix}", slots: 1, new Dictionary<string, string> { ["WORKER_TAGS"] = "alpha" });
        WorkerB = WorkerProcess.Start(App.RedisPrefix, $"wb-{suffix}", slots: 1);
        await WaitForWorkersAsync(App, 2);
    }

    public async Task DisposeAsync()
    {
        await WorkerA.DisposeAsync();
        await WorkerB.DisposeAsync();
        await App.DisposeAsync();
    }

    public static async Task WaitForWorkersAsync(HydraTestApp app, int count) =>
        await Eventually.TrueAsync(async () =>
        {
            using var response = await app.Client.GetAsync("/api/workers");
            var workers = (await response.ReadJsonAsync()).AsArray();
            return workers.Count(w => w!["status"]!.GetValue<string>() == "online") >= count;
        }, TimeSpan.FromSeconds(60), $"{count} worker(s) online");

    public AppClient Runs { get; private set; } = null!;

    public Task<string> RunAdhocAsync(string json) => Runs.RunAdhocAsync(json);

    public Task<JsonObject> GetRunAsync(string runId) => Runs.GetRunAsync(runId);

    public Task<JsonObject> WaitForRunAsync(string runId, TimeSpan? timeout = null) => Runs.WaitForRunAsync(runId, timeout);

    public string Diagnostics() => $"worker A:\n{WorkerA.Output}\nworker B:\n{WorkerB.Output}";
}
