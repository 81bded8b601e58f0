using System.Text.Json.Nodes;
using Hydra.Tests.EndToEnd;
using Hydra.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hydra.Tests.Reliability;

/// <summary>Redis restarted (AOF) in the middle of queued runs, on a redis-server of this test's own.</summary>
public sealed class RedisRestartTests(ITestOutputHelper output)
{
    private const int Runs = 200;

    [Fact]
    public async Task Runs_queued_across_a_redis_restart_all_complete_exactly_once()
    {
        await using var redis = await PrivateRedis.StartAsync();
        await using var app = await HydraTestApp.StartAsync(new Dictionary<string, string?>
        {
            ["REDIS_URL"] = "redis://" + redis.Endpoint,
            ["HYDRA_RECONCILE_GRACE_SECONDS"] = "2",
        });
        await using var worker = WorkerProcess.Start(app.RedisPrefix, "rr-" + Guid.NewGuid().ToString("N")[..6], slots: 8,
            new Dictionary<string, string> { ["REDIS_URL"] = "redis://" + redis.Endpoint });
        await StackFixture.WaitForWorkersAsync(app, 1);

        var ids = new List<string>();
        for (var i = 0; i < Runs; i++)
        {
            ids.Add(await RunProbe.SubmitAsync(app.Client, $$"""{"name":"rr-{{i}}","executor":{"type":"shell","script":"sleep 0.05"} }"""));
        }

        // Restart while most runs still wait.
        await Eventually.TrueAsync(async () => (await RunProbe.GetAsync(app.Client, ids[10]))["status"]!.GetValue<string>() == "success",
            TimeSpan.FromSeconds(60), "the first runs to finish");
        await redis.StopServerAsync();
        await redis.StartServerAsync();

        var runs = new List<JsonObject>();
        foreach (var id in ids)
        {
            runs.Add(await RunProbe.WaitForEndAsync(app.Client, id, TimeSpan.FromSeconds(120)));
        }

        var success = runs.Count(r => RunProbe.Status(r) == "success");
        var successAttempts = runs.Sum(r => RunProbe.Attempts(r).Count(a => a!["status"]!.GetValue<string>() == "success"));
        var attempts = runs.Sum(r => RunProbe.Attempts(r).Count);
        output.WriteLine($"runs {Runs}, success {success}, success attempts {successAttempts}, attempts {attempts}");
        Assert.True(success == Runs, worker.Output);
        Assert.Equal(Runs, successAttempts);
    }
}
