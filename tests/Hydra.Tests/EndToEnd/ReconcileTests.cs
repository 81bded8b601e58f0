using System.Net;
using System.Text.Json;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;
using Hydra.Shared.Json;
using Hydra.Shared.Runs;
using Hydra.Tests.Api;

namespace Hydra.Tests.EndToEnd;

public sealed class ReconcileTests(StackFixture stack) : IClassFixture<StackFixture>
{
    [Fact]
    public async Task A_run_stored_but_never_pushed_to_redis_is_dispatched_by_the_reconcile_sweep()
    {
        // What the app leaves behind when it dies between the store write and the Redis push (RunLauncher's two steps):
        // a queued run with its dispatch payload in the store, and nothing in Redis.
        var job = await stack.App.Client.PostJobAsync("""
            {"name":"orphan","executor":{"type":"shell","script":"true"},"schedule":{"mode":"interval","interval_seconds":3600,"start_at":"2099-01-01T00:00:00Z"}}
            """);
        var now = stack.App.Get<TimeProvider>().GetUtcNow() - TimeSpan.FromMinutes(5);
        var payload = new DispatchPayload
        {
            RunId = Guid.NewGuid().ToString("N"),
            JobId = job["_id"]!.GetValue<string>(),
            Domain = stack.App.BootstrapDomain,
            Executor = new ExecutorSpec { Type = "shell", Script = "echo reconciled" },
            EnqueuedAt = now,
        };
        await stack.App.Get<IRunStore>().InsertAsync(new RunRecord
        {
            Id = payload.RunId,
            Domain = payload.Domain,
            JobId = payload.JobId,
            Status = RunStatus.Queued,
            CreatedAt = now,
            Trigger = "manual",
            ExecutorType = "shell",
            Attempt = 1,
            Dispatch = JsonSerializer.Serialize(payload, HydraJson.DispatchPayload),
            UpdatedAt = now,
        }, CancellationToken.None);

        using var sweep = await stack.App.Client.PostAsync("/ReconcileSweep", ApiClient.Json("{}"));
        Assert.Equal(HttpStatusCode.OK, sweep.StatusCode);
        Assert.Contains("re-dispatched 1 run", (await sweep.ReadJsonAsync())["Logs"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var run = await stack.WaitForRunAsync(payload.RunId);
        Assert.Equal("success", run["status"]!.GetValue<string>());
        Assert.Equal("reconciled\n", run["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reconcile_leaves_alone_runs_redis_knows_and_runs_that_already_ended()
    {
        var runId = await stack.RunAdhocAsync("""{"name":"known","executor":{"type":"shell","script":"echo once"}}""");
        await stack.WaitForRunAsync(runId);

        using var sweep = await stack.App.Client.PostAsync("/ReconcileSweep", ApiClient.Json("{}"));
        Assert.Contains("re-dispatched 0 run", (await sweep.ReadJsonAsync())["Logs"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var run = await stack.GetRunAsync(runId);
        Assert.Single(run["attempts"]!.AsArray());
    }
}
