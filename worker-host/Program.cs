using Hydra.Shared.Redis;
using Hydra.WorkerHost.Attempts;
using Hydra.WorkerHost.Execution;
using Hydra.WorkerHost.Hosting;

var builder = Host.CreateApplicationBuilder(args);

WorkerOptions options;
try
{
    options = WorkerOptions.FromEnvironment(builder.Configuration);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"Hydra.WorkerHost: {ex.Message}");
    return 2;
}

var services = builder.Services;
services.AddSystemd();
services.AddWindowsService(o => o.ServiceName = "Hydra.WorkerHost");
// Running attempts get the grace period to finish; the host must not cut them off sooner.
services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownGrace + TimeSpan.FromSeconds(15));

services.AddSingleton(options);
services.AddSingleton<WorkerExit>();
services.AddSingleton(TimeProvider.System);
// Does not wait for Redis to be up: the connection retries in the background and registration retries until it answers.
var redis = await RedisConnection.ConnectAsync(options.RedisUrl, $"hydra-worker:{options.WorkerId}", CancellationToken.None);
services.AddSingleton(redis);
services.AddSingleton(_ => RedisConnection.Scripts(redis, options.RedisPrefix));
services.AddSingleton(sp => sp.GetRequiredService<LuaScripts>().Keys);
services.AddSingleton<WorkerRegistry>();
services.AddSingleton<RunClaimer>();
services.AddSingleton<AttemptReporter>();
services.AddSingleton<LiveLog>();
services.AddSingleton(_ => CommandBuilder.Standard(WorkerOsDetection.Current));
services.AddSingleton(sp => new ProcessRunner(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ProcessRunner>>()));
services.AddSingleton<AttemptExecutor>();
services.AddSingleton<OutcomeReporter>();
services.AddHostedService<WorkerLoop>();

var host = builder.Build();
// Resolved before the run: RunAsync disposes the service provider when the host stops.
var exit = host.Services.GetRequiredService<WorkerExit>();
await host.RunAsync();
return exit.Code;
