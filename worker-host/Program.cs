using Hydra.Shared.Redis;
using Hydra.WorkerHost.Attempts;
using Hydra.WorkerHost.Execution;
using Hydra.WorkerHost.Hosting;
using StackExchange.Redis;

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
services.AddSingleton(TimeProvider.System);
services.AddSingleton<IConnectionMultiplexer>(_ => RedisConnection.Connect(options.RedisUrl));
services.AddSingleton(new RedisKeys(options.RedisPrefix));
services.AddSingleton<LuaScripts>();
services.AddSingleton<WorkerRegistry>();
services.AddSingleton<RunClaimer>();
services.AddSingleton<AttemptReporter>();
services.AddSingleton<LiveLog>();
services.AddSingleton(_ => CommandBuilder.Standard(WorkerOs.Current));
services.AddSingleton<ProcessRunner>();
services.AddSingleton<AttemptExecutor>();
services.AddSingleton<OutcomeReporter>();
services.AddHostedService<WorkerLoop>();

await builder.Build().RunAsync();
return 0;
