using Hydra.Shared.Redis;
using Hydra.Tests.Redis;

namespace Hydra.Tests.Events;

public sealed class EventLogTests : IAsyncLifetime
{
    private readonly RedisScope _redis = new();
    private const string D = RedisScope.Domain;

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Append_returns_increasing_ids_and_read_is_strictly_after_the_cursor()
    {
        var log = new EventLog(_redis.Scripts);
        var before = await _redis.RedisNowMsAsync();

        var ids = await log.AppendAsync(D, [EventsAppFixture.Tick(0, 0), EventsAppFixture.Tick(0, 1), EventsAppFixture.Tick(0, 2)], CancellationToken.None);

        Assert.Equal(3, ids.Count);
        Assert.True(ids[0] < ids[1] && ids[1] < ids[2]);
        var all = await log.ReadAsync(D, StreamId.Zero, 100, CancellationToken.None);
        Assert.Equal(ids, all.Events.Select(e => e.Id));
        Assert.Equal("job_updated", all.Events[0].Type);
        Assert.Equal("""{"p":0,"n":1}""", all.Events[1].PayloadJson);
        Assert.All(all.Events, e => Assert.InRange(e.Timestamp.ToUnixTimeMilliseconds(), before - 1, before + 60_000));
        Assert.Equal(ids[0], all.Oldest);
        Assert.Equal(ids[2], all.Newest);
        Assert.Equal([ids[2]], (await log.ReadAsync(D, ids[1], 100, CancellationToken.None)).Events.Select(e => e.Id));
        Assert.Empty((await log.ReadAsync(D, ids[2], 100, CancellationToken.None)).Events);
        Assert.Contains(D, await new DomainSet(_redis.Scripts).ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Trimming_is_detected_exactly_a_cursor_just_before_the_oldest_retained_entry_is_not_a_reset()
    {
        var log = new EventLog(_redis.Scripts, maxLength: 10);
        var ids = new List<StreamId>();
        for (var batch = 0; batch < 20; batch++)
        {
            ids.AddRange(await log.AppendAsync(D, [.. Enumerable.Range(batch * 50, 50).Select(n => EventsAppFixture.Tick(0, n))], CancellationToken.None));
        }

        var edges = await log.ReadAsync(D, StreamId.Zero, 1, CancellationToken.None);
        var oldest = edges.Oldest!.Value;
        Assert.True(oldest > ids[0], "MAXLEN ~ must have trimmed the stream");
        var beforeOldest = ids[ids.IndexOf(oldest) - 1];

        var justBefore = await log.ReadAsync(D, beforeOldest, 5, CancellationToken.None);
        Assert.False(justBefore.Trimmed);
        Assert.Equal(oldest, justBefore.Events[0].Id);

        var stale = await log.ReadAsync(D, ids[ids.IndexOf(oldest) - 2], 5, CancellationToken.None);
        Assert.True(stale.Trimmed);
        Assert.Empty(stale.Events);
        Assert.Equal(ids[^1], stale.Newest);
        Assert.False((await log.ReadAsync(D, StreamId.Zero, 5, CancellationToken.None)).Trimmed);
    }

    [Fact]
    public async Task Each_append_publishes_the_domain_on_the_events_wake_channel()
    {
        var log = new EventLog(_redis.Scripts);
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriber = _redis.Connection.GetSubscriber();
        await subscriber.SubscribeAsync(_redis.Keys.EventsWake, (_, message) => heard.TrySetResult((string)message!));
        try
        {
            await log.AppendAsync(D, [EventsAppFixture.Tick(0, 0)], CancellationToken.None);
            Assert.Equal(D, await heard.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await subscriber.UnsubscribeAsync(_redis.Keys.EventsWake);
        }
    }

    [Theory]
    [InlineData("9-0", "10-0", true)]
    [InlineData("10-1", "10-2", true)]
    [InlineData("11", "10-5", false)]
    public void Stream_ids_compare_as_numbers(string left, string right, bool less) =>
        Assert.Equal(less, StreamId.Parse(left) < StreamId.Parse(right));
}
