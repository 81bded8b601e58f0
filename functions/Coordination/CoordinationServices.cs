using Hydra.Functions.Health;
using Hydra.Shared.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Hydra.Functions.Coordination;

internal static class CoordinationServices
{
    /// <summary>
    /// One Redis connection per app instance and the protocol facades over it. The connection is opened here
    /// (it does not wait for Redis to be up: with AbortOnConnectFail off it reconnects in the background and
    /// calls fail fast, answered as 503, until then).
    /// </summary>
    public static IServiceCollection AddCoordination(this IServiceCollection services, CoordinationOptions options)
    {
        var connection = RedisConnection.ConnectAsync(options.RedisUrl, "hydra-functions", CancellationToken.None).GetAwaiter().GetResult();
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(connection);
        services.AddSingleton(_ => RedisConnection.Scripts(connection, options.Prefix));
        services.AddSingleton(sp => sp.GetRequiredService<LuaScripts>().Keys);
        services.AddSingleton<WorkerRegistry>();
        services.AddSingleton<RunDispatcher>();
        services.AddSingleton<IngestQueue>();
        services.AddSingleton<LiveLog>(sp => new LiveLog(sp.GetRequiredService<LuaScripts>()));
        services.AddSingleton<DomainSet>();
        services.AddSingleton<WorkerFailover>();
        services.AddSingleton<RunCanceller>();
        services.AddSingleton<IHealthProbe, RedisHealthProbe>();
        return services;
    }
}
