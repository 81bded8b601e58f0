using System.Text.Json.Nodes;
using Hydra.Tests.Api;
using Hydra.Tests.EndToEnd;
using Hydra.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hydra.Tests.Reliability;

/// <summary>
/// Workers that die or freeze: kill -9 during running attempts, and SIGSTOP past the heartbeat TTL. The app runs in
/// this process with a 3 s TTL (FailoverSweep every 2 s); the workers are real processes heartbeating every second.
/// </summary>
public sealed class WorkerFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private HydraTestApp _app = null!;
    private readonly List<WorkerProcess> _workers = [];

    public async Task InitializeAsync() =>
        _app = await HydraTestApp.StartAsync(new Dictionary<string, string?> { ["HYDRA_HEARTBEAT_TTL_SECONDS"] = "3" });

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Kill_9_of_a_worker_fails_its_attempts_over_and_its_restart_reaps_the_orphaned_process_groups()
    {
        const int Runs = 20;
        // The first attempt stands for a job still running when its worker dies: it outlives the failover so the
        // restarted worker has something to reap. The re-dispatched attempt is the `sleep 3` that succeeds.
        var marker = RunProbe.Marker(300);
        var idA = "ka-" + Guid.NewGuid().ToString("N")[..6];
        try
        {
            var a = Start(idA, Runs);
            await StackFixture.WaitForWorkersAsync(_app, 1);
            var ids = new List<string>();
            for (var i = 0; i < Runs; i++)
            {
                ids.Add(await RunProbe.SubmitAsync(_app.Client, $$"""
                    {"name":"sleep-{{i}}","executor":{"type":"shell","script":"if [ \"$HYDRA_ATTEMPT\" = 1 ]; then sleep {{marker}}; else sleep 3; fi"} }
                    """));
            }

            await Eventually.TrueAsync(() => Task.FromResult(ProcessList.WithArgument(marker).Count == Runs), Bound, $"{Runs} attempts running on {idA}");
            var b = Start("kb-" + Guid.NewGuid().ToString("N")[..6], Runs);
            await StackFixture.WaitForWorkersAsync(_app, 2);

            a.Kill();
            var runs = new List<JsonObject>();
            foreach (var id in ids)
            {
                runs.Add(await RunProbe.WaitForEndAsync(_app.Client, id, Bound));
            }

            var successes = runs.Count(r => RunProbe.Status(r) == "success");
            var successAttempts = runs.Sum(r => RunProbe.Attempts(r).Count(x => x!["status"]!.GetValue<string>() == "success"));
            var lost = runs.Sum(r => RunProbe.Attempts(r).Count(x => x!["status"]!.GetValue<string>() == "lost"));
            var orphans = ProcessList.WithArgument(marker).Count;
            output.WriteLine($"runs {runs.Count}, success {successes}, success attempts {successAttempts}, lost attempts {lost}, orphaned sleeps before restart {orphans}");
            Assert.True(successes == Runs, string.Join('\n', runs.Select(r => r.ToJsonString())) + "\n" + b.Output);
            Assert.Equal(Runs, successAttempts);
            Assert.Equal(Runs, lost);
            Assert.All(runs, r =>
            {
                var attempts = RunProbe.Attempts(r);
                Assert.Equal(idA, attempts[0]!["worker_id"]!.GetValue<string>());
                Assert.Equal("lost", attempts[0]!["status"]!.GetValue<string>());
                Assert.Equal(b.WorkerId, r["worker_id"]!.GetValue<string>());
                Assert.Equal(2, r["attempt"]!.GetValue<int>());
            });
            // A worker that dies leaves its jobs' process groups running (their own sessions): nothing else kills them.
            Assert.Equal(Runs, orphans);

            var again = Start(idA, Runs);
            await Eventually.TrueAsync(() => Task.FromResult(ProcessList.WithArgument(marker).Count == 0), TimeSpan.FromSeconds(30), $"the restarted {idA} to reap every 'sleep {marker}'");
            output.WriteLine($"after restarting {idA}: orphaned sleeps left {ProcessList.WithArgument(marker).Count}");
            await Eventually.TrueAsync(() => Task.FromResult(again.Output.Contains($"Ended {Runs} process group(s) left running by a previous life", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30), $"the restarted worker to report reaping {Runs} process groups");
        }
        finally
        {
            output.WriteLine($"cleanup killed {ProcessList.KillWithArgument(marker)} leftover process(es)");
        }
    }

    [Fact]
    public async Task A_worker_paused_past_the_ttl_is_failed_over_and_its_late_report_is_superseded()
    {
        var a = Start("pa-" + Guid.NewGuid().ToString("N")[..6], 1);
        await StackFixture.WaitForWorkersAsync(_app, 1);
        var runId = await RunProbe.SubmitAsync(_app.Client, """{"name":"paused","executor":{"type":"shell","script":"sleep 3; echo done"}}""");
        await RunProbe.WaitForAsync(_app.Client, runId, r => RunProbe.Status(r) == "running", Bound, "the run to start on the first worker");

        await a.PauseAsync();
        var b = Start("pb-" + Guid.NewGuid().ToString("N")[..6], 1);
        var run = await RunProbe.WaitForEndAsync(_app.Client, runId, Bound);
        await a.ResumeAsync();

        // The resumed worker's report arrives late: recorded as superseded on the lost attempt, changing nothing.
        run = await RunProbe.WaitForAsync(_app.Client, runId,
            r => RunProbe.Attempts(r).Any(x => x!["superseded"]!.GetValue<bool>()), Bound, "the late report to be recorded superseded");
        var attempts = RunProbe.Attempts(run);
        output.WriteLine($"run {runId}: {RunProbe.Status(run)}; attempts: {string.Join(", ", attempts.Select(x => $"{x!["attempt"]}:{x["status"]}@{x["worker_id"]} superseded={x["superseded"]}"))}");
        Assert.Equal("success", RunProbe.Status(run));
        Assert.Equal(b.WorkerId, run["worker_id"]!.GetValue<string>());
        Assert.Equal(2, attempts.Count);
        Assert.Equal("lost", attempts[0]!["status"]!.GetValue<string>());
        Assert.True(attempts[0]!["superseded"]!.GetValue<bool>());
        Assert.Equal("success", attempts[1]!["status"]!.GetValue<string>());
        Assert.Equal(1, attempts.Count(x => x!["status"]!.GetValue<string>() == "success"));

        await Eventually.TrueAsync(async () =>
        {
            using var list = await _app.Client.GetAsync("/api/workers");
            return (await list.ReadJsonAsync()).AsArray().Any(w => w!["worker_id"]!.GetValue<string>() == a.WorkerId && w["status"]!.GetValue<string>() == "online");
        }, Bound, "the resumed worker to register again");
    }

    [Fact]
    public async Task Sigterm_drains_and_hands_unfinished_attempts_back_without_spending_a_retry()
    {
        var a = Start("da-" + Guid.NewGuid().ToString("N")[..6], 1, new Dictionary<string, string> { ["SHUTDOWN_GRACE_SECONDS"] = "1" });
        await StackFixture.WaitForWorkersAsync(_app, 1);
        var runId = await RunProbe.SubmitAsync(_app.Client, """
            {"name":"drained","retries":0,"executor":{"type":"shell","script":"if [ \"$HYDRA_ATTEMPT\" = 1 ]; then sleep 60; fi; echo finished"}}
            """);
        await RunProbe.WaitForAsync(_app.Client, runId, r => RunProbe.Status(r) == "running", Bound, "the run to start");

        await a.TerminateAsync();
        using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await a.WaitForExitAsync(exit.Token);
        }

        var b = Start("db-" + Guid.NewGuid().ToString("N")[..6], 1);
        var run = await RunProbe.WaitForEndAsync(_app.Client, runId, Bound);
        var attempts = RunProbe.Attempts(run);
        output.WriteLine($"run {runId}: {RunProbe.Status(run)} after {attempts.Count} attempt(s); first: {attempts[0]!["completion_reason"]}");
        Assert.Equal("success", RunProbe.Status(run));
        Assert.Equal("lost", attempts[0]!["status"]!.GetValue<string>());
        Assert.Contains("shut down", attempts[0]!["completion_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(b.WorkerId, run["worker_id"]!.GetValue<string>());
    }

    private WorkerProcess Start(string id, int slots, Dictionary<string, string>? settings = null)
    {
        var worker = WorkerProcess.Start(_app.RedisPrefix, id, slots, settings);
        _workers.Add(worker);
        return worker;
    }
}
