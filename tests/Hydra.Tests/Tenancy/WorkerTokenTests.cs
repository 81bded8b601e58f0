using System.Net;
using Hydra.Tests.Api;
using Hydra.Tests.EndToEnd;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Tenancy;

/// <summary>Real worker processes: a bad, missing or rotated-out token is refused, the worker exits non-zero, and gets no run.</summary>
public sealed class WorkerTokenTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private HydraTestApp _app = null!;

    public async Task InitializeAsync() => _app = await HydraTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task ExitAsync(WorkerProcess worker)
    {
        using var patience = new CancellationTokenSource(Patience);
        await worker.WaitForExitAsync(patience.Token);
    }

    [Fact]
    public async Task A_worker_with_a_wrong_token_is_refused_at_registration_and_exits_non_zero()
    {
        await using var worker = WorkerProcess.Start(_app.RedisPrefix, "w-bad-" + Guid.NewGuid().ToString("N")[..6], 1,
            new Dictionary<string, string> { ["WORKER_DOMAIN_TOKEN"] = new string('0', 48) });

        await ExitAsync(worker);
        Assert.Equal(3, worker.ExitCode);
        Assert.Contains("was refused", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(worker.WorkerId, await _app.Client.GetStringAsync("/api/workers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_without_a_token_does_not_start()
    {
        await using var worker = WorkerProcess.Start(_app.RedisPrefix, "w-none", 1,
            new Dictionary<string, string> { ["WORKER_DOMAIN_TOKEN"] = "", ["API_TOKEN"] = "" });

        await ExitAsync(worker);
        Assert.Equal(2, worker.ExitCode);
        Assert.Contains("WORKER_DOMAIN_TOKEN", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotating_the_token_refuses_a_registered_worker_at_once_and_it_gets_no_more_runs()
    {
        await using var worker = WorkerProcess.Start(_app.RedisPrefix, "w-rot-" + Guid.NewGuid().ToString("N")[..6], 1);
        await StackFixture.WaitForWorkersAsync(_app, 1);

        await TenantScope.RotateAsync(_app, _app.BootstrapDomain);
        using var response = await _app.Client.PostAsync("/api/jobs/adhoc", ApiClient.Json(ApiClient.ShellJob("after-rotation", "echo ran")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var runId = response.Headers.GetValues("X-Run-Id").Single();

        await ExitAsync(worker);
        Assert.Equal(3, worker.ExitCode);
        Assert.Contains("rotated", worker.Output, StringComparison.Ordinal);
        var run = (await (await _app.Client.GetAsync($"/api/runs/{runId}")).ReadJsonAsync()).AsObject();
        Assert.Equal("queued", run["status"]!.GetValue<string>());
        Assert.Null(run["worker_id"]);
        var workers = (await (await _app.Client.GetAsync("/api/workers")).ReadJsonAsync()).AsArray();
        Assert.Equal("disabled", Assert.Single(workers)!["state"]!.GetValue<string>());
    }
}
