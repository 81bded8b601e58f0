using System.Net;
using System.Text.Json.Nodes;
using Hydra.Tests.Api;
using Hydra.Tests.EndToEnd;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Events;

/// <summary>Real worker processes: a running job's output seen live through /runs/{id}/stream, then the stored output.</summary>
public sealed class LiveLogStreamTests(StackFixture stack) : IClassFixture<StackFixture>
{
    [Fact]
    public async Task A_running_jobs_output_arrives_line_by_line_then_the_full_output_and_end()
    {
        var runId = await stack.RunAdhocAsync(ApiClient.ShellJob("twenty-lines", "for i in $(seq 1 20); do echo line $i; sleep 0.2; done"));
        var source = new EventSourceClient(stack.App.Client, $"/api/runs/{runId}/stream?wait=10");

        await source.FollowUntilAsync(s => s.Received.Any(f => f.Name == "end"), TimeSpan.FromSeconds(90));

        var frames = source.Received;
        var chunks = frames.Where(f => f.Name is null).Select(f => JsonNode.Parse(f.Data)!).ToList();
        Assert.True(chunks.Count >= 3, $"only {chunks.Count} live chunk(s) in {source.Responses} responses\n{stack.Diagnostics()}");
        var live = string.Concat(chunks.Select(c => c["text"]!.GetValue<string>()));
        Assert.StartsWith("line 1\n", live, StringComparison.Ordinal);
        Assert.All(chunks, c =>
        {
            Assert.Equal(runId, c["run_id"]!.GetValue<string>());
            Assert.Equal(stack.App.BootstrapDomain, c["domain"]!.GetValue<string>());
            Assert.Equal("stdout", c["stream"]!.GetValue<string>());
            Assert.NotNull(c["job_id"]);
            Assert.NotNull(c["ts"]);
        });

        var expected = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));
        Assert.StartsWith(live, expected, StringComparison.Ordinal);
        var output = Assert.Single(frames, f => f.Name == "output");
        var stored = JsonNode.Parse(output.Data)!;
        Assert.Equal(expected, stored["stdout"]!.GetValue<string>());
        Assert.Equal("success", stored["status"]!.GetValue<string>());
        Assert.False(stored["truncated"]!.GetValue<bool>());
        Assert.True(frames.IndexOf(output) > frames.FindLastIndex(f => f.Name is null), "live chunks come before the stored output");
        Assert.Equal("end", frames[^1].Name);
        Assert.Equal("end", source.LastEventId);

        var again = await source.PollAsync(CancellationToken.None);
        Assert.Equal(["end"], again.Frames.Select(f => f.Name));
    }

    [Fact]
    public async Task Stored_output_pages_from_the_head_or_the_tail_and_other_domains_see_nothing()
    {
        var runId = await stack.RunAdhocAsync(ApiClient.ShellJob("pages", "for i in $(seq 1 20); do echo line $i; done"));
        await stack.WaitForRunAsync(runId);
        var full = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));

        using var tail = await stack.App.Client.GetAsync($"/api/runs/{runId}/log?from=tail&limit=8");
        var last = await tail.ReadJsonAsync();
        Assert.Equal("line 20\n", last["text"]!.GetValue<string>());
        Assert.Equal(full.Length, last["total_length"]!.GetValue<int>());
        Assert.Null(last["next_offset"]);
        Assert.Equal(full.Length - 16, last["prev_offset"]!.GetValue<int>());
        Assert.True(last["complete"]!.GetValue<bool>());

        using var head = await stack.App.Client.GetAsync($"/api/runs/{runId}/log?offset=7&limit=7&stream=stdout");
        var second = await head.ReadJsonAsync();
        Assert.Equal("line 2\n", second["text"]!.GetValue<string>());
        Assert.Equal(14, second["next_offset"]!.GetValue<int>());

        using var stranger = stack.App.NewClient(HydraTestApp.AdminToken);
        stranger.DefaultRequestHeaders.Add("x-domain", "elsewhere");
        using var log = await stranger.GetAsync($"/api/runs/{runId}/log");
        Assert.Equal(HttpStatusCode.NotFound, log.StatusCode);
        using var live = await stranger.GetAsync($"/api/runs/{runId}/stream?wait=0");
        Assert.Equal(HttpStatusCode.NotFound, live.StatusCode);
    }

    [Fact]
    public async Task A_run_and_its_workers_announce_themselves_on_the_event_stream()
    {
        var runId = await stack.RunAdhocAsync(ApiClient.ShellJob("announced", "echo hi"));
        await stack.WaitForRunAsync(runId);

        var events = await Eventually.GetAsync(async () =>
        {
            using var response = await stack.App.Client.GetAsync("/api/events?after=0&wait=0&limit=1000");
            return (await response.ReadJsonAsync())["events"]!.AsArray().Select(e => e!).ToList();
        }, list => list!.Any(e => e["type"]!.GetValue<string>() == "run_succeeded" && e["payload"]!["run_id"]!.GetValue<string>() == runId),
        TimeSpan.FromSeconds(30), "run_succeeded");

        var ofRun = events.Where(e => e["payload"]!["run_id"]?.GetValue<string>() == runId).Select(e => e["type"]!.GetValue<string>()).ToList();
        // run_dispatched is appended when the dispatch answers; a quick worker's run_started (through ingest) may precede it.
        Assert.Equal("run_queued", ofRun[0]);
        Assert.Equal("run_succeeded", ofRun[^1]);
        Assert.Equal(["run_dispatched", "run_queued", "run_started", "run_succeeded"], ofRun.Order(StringComparer.Ordinal));
        var online = events.Where(e => e["type"]!.GetValue<string>() == "worker_online").Select(e => e["payload"]!["worker_id"]!.GetValue<string>());
        Assert.Contains(stack.WorkerA.WorkerId, online);
        Assert.Contains(stack.WorkerB.WorkerId, online);
    }
}
