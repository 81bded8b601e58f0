using System.Net;
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

    /// <summary>Submits an ad-hoc job and returns its run id.</summary>
    public async Task<string> RunAdhocAsync(string json)
    {
        using var response = await App.Client.PostAsync("/api/jobs/adhoc", ApiClient.Json(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"adhoc answered {(int)response.StatusCode}: {body}");
        return response.Headers.GetValues("X-Run-Id").Single();
    }

    public async Task<JsonObject> GetRunAsync(string runId)
    {
        using var response = await App.Client.GetAsync($"/api/runs/{runId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).AsObject();
    }

    public Task<JsonObject> WaitForRunAsync(string runId, TimeSpan? timeout = null) =>
        Eventually.GetAsync(
            () => GetRunAsync(runId)!,
            run => run is not null && run["status"]!.GetValue<string>() is "success" or "failed" or "timed_out" or "cancelled",
            timeout ?? TimeSpan.FromSeconds(60),
            $"run {runId} to end");

    public string Diagnostics() => $"worker A:\n{WorkerA.Output}\nworker B:\n{WorkerB.Output}";
}
