using Hydra.Functions.Events;
using Hydra.Shared.Redis;
using Hydra.Tests.Redis;

namespace Hydra.Tests.Events;

public sealed class SharedEventReadsTests : IAsyncLifetime
{
    private readonly RedisScope _redis = new();
    private const string D = RedisScope.Domain;

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Followers_at_one_cursor_share_a_read_until_the_domains_wake_up_forgets_it()
    {
        var log = new EventLog(_redis.Scripts);
        var reads = new SharedEventReads(log, new FrozenTime());
        await log.AppendAsync(D, [EventsAppFixture.Tick(0, 0)], CancellationToken.None);

        var first = await reads.ReadAsync(D, StreamId.Zero, 10, CancellationToken.None);
        await log.AppendAsync(D, [EventsAppFixture.Tick(0, 1)], CancellationToken.None);
        var shared = await reads.ReadAsync(D, StreamId.Zero, 10, CancellationToken.None);
        reads.Invalidate(D);
        var fresh = await reads.ReadAsync(D, StreamId.Zero, 10, CancellationToken.None);

        Assert.Same(first, shared);
        Assert.Single(first.Events);
        Assert.Equal(2, fresh.Events.Count);
    }
}

/// <summary>A clock that never moves, so a loaded machine cannot age the shared reads past their one second.</summary>
internal sealed class FrozenTime : TimeProvider
{
    public override long GetTimestamp() => 0;
}
