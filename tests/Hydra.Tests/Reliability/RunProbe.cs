using System.Net;
using System.Text.Json.Nodes;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Reliability;

/// <summary>What the chaos tests ask the API: submit an ad-hoc job, read a run with its attempts, wait for its end.</summary>
internal static class RunProbe
{
    public static readonly string[] Terminal = ["success", "failed", "timed_out", "cancelled"];

    public static async Task<string> SubmitAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync("/api/jobs/adhoc", ApiClient.Json(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"adhoc answered {(int)response.StatusCode}: {body}");
        return response.Headers.GetValues("X-Run-Id").Single();
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string runId)
    {
        using var response = await client.GetAsync($"/api/runs/{runId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).AsObject();
    }

    public static string Status(JsonObject run) => run["status"]!.GetValue<string>();

    public static JsonArray Attempts(JsonObject run) => run["attempts"]!.AsArray();

    public static Task<JsonObject> WaitForEndAsync(HttpClient client, string runId, TimeSpan timeout) =>
        Eventually.GetAsync(
            () => GetAsync(client, runId)!,
            run => run is not null && Terminal.Contains(Status(run)),
            timeout,
            $"run {runId} to end");

    public static Task<JsonObject> WaitForAsync(HttpClient client, string runId, Func<JsonObject, bool> condition, TimeSpan timeout, string what) =>
        Eventually.GetAsync(() => GetAsync(client, runId)!, run => run is not null && condition(run), timeout, what);

    /// <summary>A unique sleep argument (e.g. 300.4711) that marks this test's processes in /proc.</summary>
    public static string Marker(int seconds) => $"{seconds}.{Random.Shared.Next(1000, 9999)}";
}
