using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.EndToEnd;

public sealed class ExecutionPathTests(StackFixture stack) : IClassFixture<StackFixture>
{
    [Fact]
    public async Task Echo_hello_with_stdout_contains_hello_succeeds_and_keeps_its_output()
    {
        var runId = await stack.RunAdhocAsync("""
            {"name":"hello","executor":{"type":"shell","script":"echo hello"},"completion":{"stdout_contains":["hello"]}}
            """);

        var run = await stack.WaitForRunAsync(runId);

        Assert.True(run["status"]!.GetValue<string>() == "success", $"{run}\n{stack.Diagnostics()}");
        Assert.Equal("hello\n", run["stdout"]!.GetValue<string>());
        Assert.Equal("criteria satisfied", run["completion_reason"]!.GetValue<string>());
        Assert.Equal(0, run["returncode"]!.GetValue<int>());
        Assert.Equal("shell", run["executor_type"]!.GetValue<string>());
        Assert.NotNull(run["worker_id"]);
        Assert.Equal(0, run["slot"]!.GetValue<int>());
        Assert.True(run["queue_latency_ms"]!.GetValue<long>() >= 0);
        var attempts = run["attempts"]!.AsArray();
        Assert.Single(attempts);
        Assert.Equal("success", attempts[0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exit_42_fails_with_the_exit_code_reason()
    {
        var runId = await stack.RunAdhocAsync("""{"name":"exit42","executor":{"type":"shell","script":"exit 42"}}""");

        var run = await stack.WaitForRunAsync(runId);

        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Equal("exit code 42 not in [0]", run["completion_reason"]!.GetValue<string>());
        Assert.Equal(42, run["returncode"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_tree_and_records_timed_out()
    {
        var marker = "30." + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var runId = await stack.RunAdhocAsync($$"""
            {"name":"sleepy","executor":{"type":"shell","script":"sleep {{marker}} & sleep {{marker}}; wait"},"timeout":1}
            """);

        var run = await stack.WaitForRunAsync(runId);

        Assert.Equal("timed_out", run["status"]!.GetValue<string>());
        Assert.Equal("timed out after 1s", run["completion_reason"]!.GetValue<string>());
        await Eventually.TrueAsync(() => Task.FromResult(!ProcessList.AnyWithArgument(marker)), TimeSpan.FromSeconds(15), $"no 'sleep {marker}' left");
    }

    [Fact]
    public async Task A_run_no_worker_can_take_stays_queued_while_runs_behind_it_complete()
    {
        var blocked = await stack.RunAdhocAsync("""
            {"name":"windows-only","affinity":{"os":["windows"]},"priority":100,"executor":{"type":"shell","script":"true"}}
            """);
        var behind = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            behind.Add(await stack.RunAdhocAsync("{\"name\":\"after-" + i + "\",\"priority\":1,\"executor\":{\"type\":\"shell\",\"script\":\"true\"}}"));
        }

        foreach (var id in behind)
        {
            Assert.Equal("success", (await stack.WaitForRunAsync(id))["status"]!.GetValue<string>());
        }

        var stuck = await stack.GetRunAsync(blocked);
        Assert.Equal("queued", stuck["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tags_route_a_run_to_the_worker_that_has_them()
    {
        var runId = await stack.RunAdhocAsync("""
            {"name":"tagged","affinity":{"tags":["ALPHA"]},"executor":{"type":"shell","script":"true"}}
            """);
        var run = await stack.WaitForRunAsync(runId);
        Assert.Equal(stack.WorkerA.WorkerId, run["worker_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_one_slot_workers_share_four_runs_and_never_run_two_at_once()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await stack.RunAdhocAsync("{\"name\":\"pair-" + i + "\",\"executor\":{\"type\":\"shell\",\"script\":\"sleep 0.5\"}}"));
        }

        var runs = new List<JsonObject>();
        foreach (var id in ids)
        {
            runs.Add(await stack.WaitForRunAsync(id));
        }

        Assert.All(runs, r => Assert.Equal("success", r["status"]!.GetValue<string>()));
        var byWorker = runs.GroupBy(r => r["worker_id"]!.GetValue<string>()).ToList();
        Assert.Equal(2, byWorker.Count);
        foreach (var worker in byWorker)
        {
            var spans = worker
                .Select(r => (Start: Time(r["start_ts"]), End: Time(r["end_ts"])))
                .OrderBy(s => s.Start)
                .ToList();
            for (var i = 1; i < spans.Count; i++)
            {
                Assert.True(spans[i].Start >= spans[i - 1].End, $"worker {worker.Key} ran two attempts at once: {spans[i - 1]} and {spans[i]}");
            }
        }
    }

    [Fact]
    public async Task Immediate_jobs_run_at_creation_and_manual_runs_add_more()
    {
        var job = await stack.App.Client.PostJobAsync("""{"name":"immediate","executor":{"type":"shell","script":"echo $HYDRA_RUN_ID"}}""");
        var jobId = job["_id"]!.GetValue<string>();

        using var manual = await stack.App.Client.PostAsync($"/api/jobs/{jobId}/run", null);
        Assert.Equal(HttpStatusCode.Accepted, manual.StatusCode);
        var queued = await manual.ReadJsonAsync();
        Assert.True(queued["queued"]!.GetValue<bool>());
        var manualRun = await stack.WaitForRunAsync(queued["run_id"]!.GetValue<string>());
        Assert.Equal(queued["run_id"]!.GetValue<string>() + "\n", manualRun["stdout"]!.GetValue<string>());

        await Eventually.TrueAsync(async () =>
        {
            using var list = await stack.App.Client.GetAsync($"/api/jobs/{jobId}/runs");
            var runs = (await list.ReadJsonAsync()).AsArray();
            return runs.Count == 2 && runs.All(r => r!["status"]!.GetValue<string>() == "success");
        }, TimeSpan.FromSeconds(60), "both runs of the job to succeed");

        using var runsResponse = await stack.App.Client.GetAsync($"/api/jobs/{jobId}/runs");
        var listed = (await runsResponse.ReadJsonAsync()).AsArray();
        Assert.All(listed, r => Assert.NotNull(r!["stdout_tail"]));
        Assert.All(listed, r => Assert.NotNull(r!["duration"]));
        Assert.Equal(["manual", "immediate"], listed.Select(r => r!["trigger"]!.GetValue<string>()));

        using var overview = await stack.App.Client.GetAsync("/api/overview/jobs");
        var entry = (await overview.ReadJsonAsync()).AsArray().Single(e => e!["job_id"]!.GetValue<string>() == jobId)!;
        Assert.Equal(2, entry["total_runs"]!.GetValue<long>());
        Assert.Equal(2, entry["success_runs"]!.GetValue<long>());

        using var history = await stack.App.Client.GetAsync($"/api/history?job_id={jobId}&status=success");
        Assert.Equal(2, (await history.ReadJsonAsync()).AsArray().Count);
    }

    [Fact]
    public async Task Workers_are_listed_with_their_load_and_a_draining_worker_gets_no_new_runs()
    {
        using var list = await stack.App.Client.GetAsync("/api/workers");
        var workers = (await list.ReadJsonAsync()).AsArray();
        var a = workers.Single(w => w!["worker_id"]!.GetValue<string>() == stack.WorkerA.WorkerId)!;
        Assert.Equal("linux", a["os"]!.GetValue<string>());
        Assert.Equal(["alpha"], a["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(1, a["max_concurrency"]!.GetValue<int>());

        using var drain = await stack.App.Client.PostAsync($"/api/workers/{stack.WorkerA.WorkerId}/state?state=draining", null);
        Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
        try
        {
            var runId = await stack.RunAdhocAsync("""{"name":"not-on-a","affinity":{"tags":["alpha"]},"executor":{"type":"shell","script":"true"}}""");
            var other = await stack.RunAdhocAsync("""{"name":"on-b","executor":{"type":"shell","script":"true"}}""");
            var otherRun = await stack.WaitForRunAsync(other);
            Assert.Equal(stack.WorkerB.WorkerId, otherRun["worker_id"]!.GetValue<string>());
            Assert.Equal("queued", (await stack.GetRunAsync(runId))["status"]!.GetValue<string>());

            using var online = await stack.App.Client.PostAsync($"/api/workers/{stack.WorkerA.WorkerId}/state", ApiClient.Json("""{"state":"online"}"""));
            Assert.Equal(HttpStatusCode.OK, online.StatusCode);
            Assert.Equal("success", (await stack.WaitForRunAsync(runId))["status"]!.GetValue<string>());
        }
        finally
        {
            using var _ = await stack.App.Client.PostAsync($"/api/workers/{stack.WorkerA.WorkerId}/state?state=online", null);
        }
    }

    [Fact]
    public async Task Setting_an_unknown_state_or_worker_is_a_4xx()
    {
        using var bad = await stack.App.Client.PostAsync($"/api/workers/{stack.WorkerA.WorkerId}/state?state=sleeping", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var missing = await stack.App.Client.PostAsync("/api/workers/nobody/state?state=draining", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static DateTimeOffset Time(JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);
}
