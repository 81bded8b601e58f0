using Hydra.Shared.Redis;

namespace Hydra.Functions.Events;

internal static class EventServices
{
    /// <summary>
    /// The event stream (bounded by HYDRA_EVENTS_MAX_LENGTH, default 10,000 per domain), the publisher seam, the
    /// long-poll readers and the instance's one wake-up subscription. Needs AddCoordination first.
    /// </summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration config)
    {
        var maxLength = EventLog.MaxLengthFrom(config["HYDRA_EVENTS_MAX_LENGTH"]);
        services.AddSingleton(sp => new EventLog(sp.GetRequiredService<LuaScripts>(), maxLength));
        services.AddSingleton<IEventPublisher, RedisEventPublisher>();
        services.AddSingleton<WakeSignals>();
        services.AddSingleton<SharedEventReads>();
        services.AddSingleton<EventFeed>();
        services.AddHostedService<EventWakeSubscriber>();
        return services;
    }
}
