using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Hydra.Tests.Api;
using Hydra.Tests.EndToEnd;
using Hydra.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hydra.Tests.Reliability;

/// <summary>Retries with backoff and cancel, on the lean host in this process and one real worker process.</summary>
public sealed class RetryAndCancelTests(ITestOutputHelper output) : IAsyncLifetime
{
    private HydraTestApp _app = null!;
    private WorkerProcess _worker = null!;

    public async Task InitializeAsync()
    {
        _app = await HydraTestApp.StartAsync();
        _worker = WorkerProcess.Start(_app.RedisPrefix, "rc-" + Guid.NewGuid().ToString("N")[..6], slots: 2);
        await StackFixture.WaitForWorkersAsync(_app, 1);
    }

    public async Task DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_job_failing_twice_then_succeeding_with_three_retries_shows_three_attempts_with_growing_gaps()
    {
        var runId = await RunProbe.SubmitAsync(_app.Client, """
            {"name":"flaky","retries":3,"retry_backoff":{"initial_seconds":1,"factor":4,"max_seconds":60},
             "executor":{"type":"shell","script":"echo attempt $HYDRA_ATTEMPT; [ \"$HYDRA_ATTEMPT\" -ge 3 ] || exit 1"}}
            """);

        var run = await RunProbe.WaitForEndAsync(_app.Client, runId, TimeSpan.FromSeconds(60));

        var attempts = RunProbe.Attempts(run);
        output.WriteLine($"run {runId}: {RunProbe.Status(run)}, {attempts.Count} attempt(s)");
        Assert.True(RunProbe.Status(run) == "success", $"{run}\n{_worker.Output}");
        Assert.Equal(["failed", "failed", "success"], attempts.Select(a => a!["status"]!.GetValue<string>()));
        Assert.Equal(["attempt 1\n", "attempt 2\n", "attempt 3\n"], attempts.Select(a => a!["stdout"]!.GetValue<string>()));
        Assert.Equal(3, run["attempt"]!.GetValue<int>());
        Assert.Equal(1, run["retries_remaining"]!.GetValue<int>());

        var gap1 = Time(attempts[1]!["start_ts"]) - Time(attempts[0]!["end_ts"]);
        var gap2 = Time(attempts[2]!["start_ts"]) - Time(attempts[1]!["end_ts"]);
        output.WriteLine($"gaps: {gap1.TotalSeconds:0.00}s, {gap2.TotalSeconds:0.00}s");
        Assert.True(gap1 >= TimeSpan.FromSeconds(0.75), $"first backoff too short: {gap1}");
        Assert.True(gap2 > gap1, $"backoff did not grow: {gap1} then {gap2}");
    }

    [Fact]
    public async Task When_retries_run_out_the_run_is_failed_listed_and_can_be_retried_as_a_new_run()
    {
        var runId = await RunProbe.SubmitAsync(_app.Client, """
            {"name":"always-fails","retries":1,"retry_backoff":{"initial_seconds":0.5},"executor":{"type":"shell","script":"exit 3"}}
            """);

        var run = await RunProbe.WaitForEndAsync(_app.Client, runId, TimeSpan.FromSeconds(60));
        Assert.Equal("failed", RunProbe.Status(run));
        Assert.Equal(2, RunProbe.Attempts(run).Count);
        Assert.Equal(0, run["retries_remaining"]!.GetValue<int>());

        using var failed = await _app.Client.GetAsync("/api/runs?status=failed");
        Assert.Contains((await failed.ReadJsonAsync()).AsArray(), r => r!["_id"]!.GetValue<string>() == runId);

        using var retry = await _app.Client.PostAsync($"/api/runs/{runId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var newRunId = (await retry.ReadJsonAsync())["run_id"]!.GetValue<string>();
        Assert.NotEqual(runId, newRunId);
        var again = await RunProbe.WaitForEndAsync(_app.Client, newRunId, TimeSpan.FromSeconds(60));
        Assert.Equal("retry", again["trigger"]!.GetValue<string>());
        Assert.Equal("failed", RunProbe.Status(again));
        output.WriteLine($"run {runId} failed after 2 attempts; retry run {newRunId} ended {RunProbe.Status(again)}");

        using var notFailed = await _app.Client.PostAsync($"/api/runs/{Guid.NewGuid():N}/retry", null);
        Assert.Equal(HttpStatusCode.NotFound, notFailed.StatusCode);
    }

    [Fact]
    public async Task Cancel_of_a_running_job_kills_its_whole_process_tree_and_records_cancelled()
    {
        var marker = RunProbe.Marker(100);
        try
        {
            var runId = await RunProbe.SubmitAsync(_app.Client, $$"""
                {"name":"cancel-me","retries":2,"executor":{"type":"external","command":"bash","args":["-c","sleep {{marker}} & sleep {{marker}} & wait"]} }
                """);
            await Eventually.TrueAsync(() => Task.FromResult(ProcessList.WithArgument(marker).Count == 2), TimeSpan.FromSeconds(30), "both sleeps running");

            using var cancel = await _app.Client.PostAsync($"/api/runs/{runId}/cancel", null);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            Assert.Equal("cancelling", (await cancel.ReadJsonAsync())["status"]!.GetValue<string>());

            var run = await RunProbe.WaitForEndAsync(_app.Client, runId, TimeSpan.FromSeconds(30));
            Assert.Equal("cancelled", RunProbe.Status(run));
            Assert.Single(RunProbe.Attempts(run));
            await Eventually.TrueAsync(() => Task.FromResult(ProcessList.WithArgument(marker).Count == 0), TimeSpan.FromSeconds(15), $"no 'sleep {marker}' left");
            output.WriteLine($"run {runId} cancelled; sleep processes left: {ProcessList.WithArgument(marker).Count}");

            using var again = await _app.Client.PostAsync($"/api/runs/{runId}/cancel", null);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        finally
        {
            ProcessList.KillWithArgument(marker);
        }
    }

    [Fact]
    public async Task Cancel_of_a_queued_run_cancels_it_at_once()
    {
        var runId = await RunProbe.SubmitAsync(_app.Client, """
            {"name":"nowhere","affinity":{"os":["windows"]},"executor":{"type":"shell","script":"true"}}
            """);

        using var cancel = await _app.Client.PostAsync($"/api/runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var run = await RunProbe.GetAsync(_app.Client, runId);
        Assert.Equal("cancelled", RunProbe.Status(run));
        Assert.Equal("cancelled by request", run["completion_reason"]!.GetValue<string>());

        using var missing = await _app.Client.PostAsync("/api/runs/nope/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);
}
