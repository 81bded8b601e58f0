using System.Globalization;
using Hydra.Functions.Auth;
using Hydra.Functions.Audit;
using Hydra.Functions.Coordination;
using Hydra.Functions.Domains;
using Hydra.Functions.Events;
using Hydra.Functions.Http;
using Hydra.Functions.Runs;
using Hydra.Functions.Schedules;
using Hydra.Functions.Secrets;
using Hydra.Functions.Store;
using Hydra.Functions.Sweeps;
using Hydra.Functions.Timers;
using Hydra.Shared.Redis;
using Hydra.Shared.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Hosting;

/// <summary>Builds the function app: settings, services, routes from the function table, and the lean host's timers.</summary>
internal static class HydraApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var config = builder.Configuration;
        var hosting = HostingOptions.From(config);

        ConfigureLogging(builder, config["LOG_LEVEL"]);
        builder.WebHost.UseUrls(hosting.ListenUrls);
        // The body cap: JSON bodies are read up to 1 MiB (JsonRequestBody); Kestrel refuses anything larger outright.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = JsonRequestBody.MaxBytes);
        var tenancy = TenancyOptions.From(config);

        var services = builder.Services;
        services.AddSingleton(Options.Create(hosting));
        services.Configure<AuthOptions>(o =>
        {
            o.AdminToken = config["ADMIN_TOKEN"];
            // By default the admin acts in the bootstrap domain, where scripts/run.sh's worker serves its jobs.
            o.AdminDomain = string.IsNullOrWhiteSpace(config["ADMIN_DOMAIN"]) ? tenancy.BootstrapDomain : config["ADMIN_DOMAIN"]!.Trim();
        });
        services.Configure<RetentionOptions>(o =>
        {
            if (double.TryParse(config["HYDRA_RETENTION_DAYS"], NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days > 0)
            {
                o.Days = days;
            }
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddHydraStore(config["HYDRA_STORE"]);
        services.AddCoordination(CoordinationOptions.From(config));
        services.AddEvents(config);
        services.AddSingleton<RunLauncher>();
        services.AddSingleton<RunCancellation>();
        services.AddSingleton<AdminTokenSource>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton(Options.Create(tenancy));
        services.AddSingleton<DomainBootstrap>();
        services.AddSingleton<DomainTokens>();
        services.AddSingleton<DomainPurge>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<SecretBox>();
        services.AddSingleton<SecretResolver>();
        services.AddRateLimiter(o => WriteRateLimit.Configure(o, tenancy.WriteRatePerMinute));
        services.AddSingleton<TimerInvoker>();
        services.AddSingleton<TimerWakeups>();
        services.AddSingleton<ScheduleWake>();
        services.AddSingleton<SlotFiring>();
        services.AddSingleton<ManualRunPolicy>();
        services.TryAddSingleton<IRunMissedNotifier, AnnouncedRunMissed>();
        services.TryAddSingleton<IRunCancellation, ReplaceByCancel>();
        if (!hosting.UnderFunctionsHost)
        {
            services.AddHostedService<LeanTimerRunner>();
            services.AddHostedService<WakeSubscriber>();
        }

        services.AddProblemDetails();
        services.AddExceptionHandler<ExceptionProblems>();
        services.ConfigureHttpJsonOptions(o => HydraJson.Configure(o.SerializerOptions));
        services.AddCors(o => o.AddDefaultPolicy(p => CorsSettings.Apply(p, config["CORS_ALLOW_ORIGINS"])));
        ApiDescription.AddServices(services);

        var app = builder.Build();
        var ui = UiFiles.Locate(config);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        UiFiles.UseFiles(app, ui);
        app.UseRouting();
        app.UseCors();
        app.UseRateLimiter();
        app.UseMiddleware<AuthMiddleware>();
        FunctionRoutes.Map(app);
        UiFiles.MapIndex(app, ui);
        TimerInvocationEndpoint.Map(app);
        return app;
    }

    /// <summary>Migrates the store, loads the admin token, creates the bootstrap domain on first start and publishes domain token hashes, before the first request is served.</summary>
    public static async Task InitializeAsync(WebApplication app, CancellationToken ct)
    {
        await app.Services.GetRequiredService<IStoreInitializer>().InitializeAsync(ct);
        await app.Services.GetRequiredService<AdminTokenSource>().InitializeAsync(ct);
        await app.Services.GetRequiredService<DomainBootstrap>().InitializeAsync(ct);
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, string? level)
    {
        if (!string.IsNullOrWhiteSpace(level) && Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed))
        {
            builder.Logging.SetMinimumLevel(parsed);
        }
        else if (string.Equals(level, "debug", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }
    }
}
