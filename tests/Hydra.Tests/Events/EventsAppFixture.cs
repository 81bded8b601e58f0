using System.Text.Json.Nodes;
using Hydra.Shared.Events;
using Hydra.Shared.Redis;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Events;

/// <summary>The function app on its lean host (no workers); each test follows domains of its own.</summary>
public sealed class EventsAppFixture : IAsyncLifetime
{
    public HydraTestApp App { get; private set; } = null!;

    internal EventLog Log => App.Get<EventLog>();

    public async Task InitializeAsync() => App = await HydraTestApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();

    public static string NewDomain(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The admin acting in (and following) one domain.</summary>
    public HttpClient ClientFor(string domain)
    {
        App.EnsureDomainAsync(domain).GetAwaiter().GetResult();
        var client = App.NewClient(HydraTestApp.AdminToken);
        client.DefaultRequestHeaders.Add("x-domain", domain);
        return client;
    }

    internal static EventDraft Tick(int producer, int n) =>
        new(EventTypes.JobUpdated, new JsonObject { ["p"] = producer, ["n"] = n });
}
