using Hydra.Shared.Events;
using Hydra.Shared.Redis;

namespace Hydra.Functions.Events;

/// <summary>Appends to the domain's Redis event stream (<see cref="EventLog"/>); see <see cref="IEventPublisher"/> for the failure rule.</summary>
internal sealed class RedisEventPublisher(EventLog log, ILogger<RedisEventPublisher> logger) : IEventPublisher
{
    public async Task PublishAsync(string domain, IReadOnlyList<EventDraft> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        try
        {
            await log.AppendAsync(domain, events, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Lost {Count} event(s) of domain {Domain} ({Types}): {Error}",
                events.Count, domain, string.Join(",", events.Select(e => e.Type).Distinct()), ex.Message);
        }
    }
}
