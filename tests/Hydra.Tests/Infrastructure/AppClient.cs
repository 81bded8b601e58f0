using System.Net;
using System.Text.Json.Nodes;
using Hydra.Tests.Api;

namespace Hydra.Tests.Infrastructure;

/// <summary>The calls end-to-end tests make again and again: submit an ad-hoc job, read a run, wait for it to end.</summary>
public sealed class AppClient(HydraTestApp app)
{
    public static readonly string[] TerminalStatuses = ["success", "failed", "timed_out", "cancelled"];

    /// <summary>Submits an ad-hoc job and returns its run id.</summary>
    public async Task<string> RunAdhocAsync(string json)
    {
        using var response = await app.Client.PostAsync("/api/jobs/adhoc", ApiClient.Json(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"adhoc answered {(int)response.StatusCode}: {body}");
        return response.Headers.GetValues("X-Run-Id").Single();
    }

    public async Task<JsonObject> GetRunAsync(string runId)
    {
        using var response = await app.Client.GetAsync($"/api/runs/{runId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).AsObject();
    }

    public Task<JsonObject> WaitForRunAsync(string runId, TimeSpan? timeout = null) =>
        Eventually.GetAsync(
            () => GetRunAsync(runId)!,
            run => run is not null && TerminalStatuses.Contains(run["status"]!.GetValue<string>()),
            timeout ?? TimeSpan.FromSeconds(60),
            $"run {runId} to end");
}
