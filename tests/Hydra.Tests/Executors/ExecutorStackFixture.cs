using System.Net;
using System.Text.Json.Nodes;
using Hydra.Tests.Api;
using Hydra.Tests.EndToEnd;
using Hydra.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hydra.Tests.Executors;

/// <summary>
/// The lean host, one real worker process with its own temporary directory (so a test can see every virtual
/// environment it creates there and that none is left behind) and a worker-side secret in its environment, and a
/// small local HTTP server for the http executor: <c>/ok</c> answers 200 <c>pong</c> and echoes the Authorization
/// header, <c>/fail</c> answers 500.
/// </summary>
public sealed class ExecutorStackFixture : IAsyncLifetime
{
    public const string Secret = "s3cret-from-the-worker";

    private WebApplication? _server;

    public HydraTestApp App { get; private set; } = null!;

    public WorkerProcess Worker { get; private set; } = null!;

    /// <summary>The worker's TMPDIR, where temporary virtual environments go.</summary>
    public string WorkerTemp { get; } = Directory.CreateTempSubdirectory("hydra-exec-tmp-").FullName;

    public Uri ServerAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = StartServer();
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        ServerAddress = new Uri(address);

        App = await HydraTestApp.StartAsync();
        var id = "wx-" + Guid.NewGuid().ToString("N")[..6];
        Worker = WorkerProcess.Start(App.RedisPrefix, id, slots: 2, new Dictionary<string, string>
        {
            ["TMPDIR"] = WorkerTemp,
            ["HYDRA_TEST_SECRET"] = Secret,
        });
        await StackFixture.WaitForWorkersAsync(App, 1);
    }

    public async Task DisposeAsync()
    {
        await Worker.DisposeAsync();
        await App.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(WorkerTemp, recursive: true);
    }

    // The shared end-to-end calls; runs here may set up a virtual environment first, hence the longer wait.
    public Task<string> RunAdhocAsync(string json) => new AppClient(App).RunAdhocAsync(json);

    public Task<JsonObject> GetRunAsync(string runId) => new AppClient(App).GetRunAsync(runId);

    public Task<JsonObject> WaitForRunAsync(string runId) => new AppClient(App).WaitForRunAsync(runId, TimeSpan.FromSeconds(90));

    public string Diagnostics(JsonObject run) => $"{run}\nworker:\n{Worker.Output}";

    private static WebApplication StartServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/ok", (HttpRequest request) => Results.Text($"pong auth={request.Headers.Authorization}"));
        app.MapGet("/fail", () => Results.Text("broken", statusCode: 500));
        return app;
    }
}
