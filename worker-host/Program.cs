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
services.AddSingleton(sp => new EventLog(sp.GetRequiredService<LuaScripts>(), EventLog.MaxLengthFrom(builder.Configuration["HYDRA_EVENTS_MAX_LENGTH"])));
services.AddSingleton(_ => CommandBuilder.Standard(WorkerOsDetection.Current));
services.AddSingleton(sp => new ProcessRunner(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ProcessRunner>>()));
// Asked in this order; the process runner comes last and takes every other type (and reports unknown ones).
services.AddSingleton<IAttemptRunner>(sp => ActivatorUtilities.CreateInstance<PythonAttemptRunner>(sp, WorkerOsDetection.Current));
services.AddSingleton<IAttemptRunner, HttpAttemptRunner>();
services.AddSingleton<IAttemptRunner, ProcessAttemptRunner>();
services.AddSingleton<AttemptExecutor>();
// Probed before the host starts: registration (and so dispatch) must already know what this worker can run.
using (var probeLogs = LoggerFactory.Create(logging => logging.AddConsole()))
{
    services.AddSingleton(await CapabilityProbe.ProbeAsync(probeLogs.CreateLogger("Hydra.WorkerHost.Capabilities"), CancellationToken.None));
}

services.AddSingleton<OutcomeReporter>();
services.AddSingleton<RunningAttempts>();
services.AddSingleton(sp => new ProcessGroupJournal(
    options.StateDirectory is { } dir ? Path.Combine(dir, options.Domain, options.WorkerId) : ProcessGroupJournal.DefaultDirectory(options.Domain, options.WorkerId),
    sp.GetRequiredService<TimeProvider>(),
    sp.GetRequiredService<ILogger<ProcessGroupJournal>>()));
services.AddHostedService<WorkerLoop>();

var host = builder.Build();
// Resolved before the run: RunAsync disposes the service provider when the host stops.
var exit = host.Services.GetRequiredService<WorkerExit>();
await host.RunAsync();
return exit.Code;
