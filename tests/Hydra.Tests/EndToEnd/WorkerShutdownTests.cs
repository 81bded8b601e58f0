using System.Diagnostics;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.EndToEnd;

public sealed class WorkerShutdownTests
{
    [Fact]
    public async Task Sigterm_stops_claiming_lets_the_running_attempt_finish_and_exits_zero()
    {
        await using var app = await HydraTestApp.StartAsync();
        await using var worker = WorkerProcess.Start(app.RedisPrefix, "graceful-" + Guid.NewGuid().ToString("N")[..6], slots: 1);
        await StackFixture.WaitForWorkersAsync(app, 1);
        var stack = new AppClient(app);

        var runId = await stack.RunAdhocAsync("""{"name":"finish-me","executor":{"type":"shell","script":"sleep 1.5; echo finished"}}""");
        await Eventually.TrueAsync(async () => (await stack.GetRunAsync(runId))["status"]!.GetValue<string>() == "running",
            TimeSpan.FromSeconds(30), "the run to start");

        using (var kill = Process.Start("kill", ["-TERM", worker.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var run = await stack.WaitForRunAsync(runId);
        Assert.True(run["status"]!.GetValue<string>() == "success", $"{run}\n{worker.Output}");
        Assert.Equal("finished\n", run["stdout"]!.GetValue<string>());
        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exitCode);
    }
}
