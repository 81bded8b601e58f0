using System.Globalization;
using System.Net;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.EndToEnd;

/// <summary>The schedule's <c>replace</c> overlap policy wired to the real cancel path: the old process tree dies.</summary>
public sealed class OverlapReplaceTests(StackFixture stack) : IClassFixture<StackFixture>
{
    [Fact]
    public async Task Replace_cancels_the_running_run_and_kills_its_process_tree_before_the_new_one_runs()
    {
        var marker = "61." + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var flag = Path.Combine(Path.GetTempPath(), "hydra-replace-" + Guid.NewGuid().ToString("N"));
        // The first run leaves a flag and sleeps (with a child); the run that replaces it sees the flag and ends at once.
        var script = $"if [ -f {flag} ]; then echo replacement; else touch {flag}; sleep {marker} & sleep {marker}; wait; fi";
        var job = await stack.App.Client.PostJobAsync(
            "{\"name\":\"replaced\",\"executor\":{\"type\":\"shell\",\"script\":" + System.Text.Json.JsonSerializer.Serialize(script) + "}," +
            "\"schedule\":{\"mode\":\"interval\",\"interval_seconds\":3600,\"start_at\":\"2099-01-01T00:00:00Z\",\"overlap\":\"replace\"}}");
        var jobId = job["_id"]!.GetValue<string>();
        try
        {
            var first = await RunNowAsync(jobId);
            await Eventually.TrueAsync(() => Task.FromResult(ProcessList.AnyWithArgument(marker)), TimeSpan.FromSeconds(30), "the first run's sleep to start");

            var second = await RunNowAsync(jobId);

            var old = await stack.WaitForRunAsync(first);
            Assert.Equal("cancelled", old["status"]!.GetValue<string>());
            var replacement = await stack.WaitForRunAsync(second);
            Assert.Equal("success", replacement["status"]!.GetValue<string>());
            Assert.Equal("replacement\n", replacement["stdout"]!.GetValue<string>());
            await Eventually.TrueAsync(() => Task.FromResult(!ProcessList.AnyWithArgument(marker)), TimeSpan.FromSeconds(20), $"no 'sleep {marker}' left");
        }
        finally
        {
            File.Delete(flag);
        }
    }

    private async Task<string> RunNowAsync(string jobId)
    {
        using var response = await stack.App.Client.PostAsync($"/api/jobs/{jobId}/run", null);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToJsonString());
        return body["run_id"]!.GetValue<string>();
    }
}
