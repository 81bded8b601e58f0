using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Hydra.Functions.Events;
using Hydra.Shared.Redis;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Events;

public sealed class EventStreamTests(EventsAppFixture fixture) : IClassFixture<EventsAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_EventSource_follows_2000_concurrent_events_across_50_responses_exactly_once_in_order()
    {
        var domain = EventsAppFixture.NewDomain("follow");
        using var client = fixture.ClientFor(domain);
        // after=0 only for the first request: a reconnect's Last-Event-ID wins, as a browser reconnects to the same URL.
        var source = new EventSourceClient(client, "/api/events/stream?after=0&wait=5&limit=37");
        const int Producers = 4;
        const int PerProducer = 500;

        var follow = source.FollowUntilAsync(s => s.Received.Count >= Producers * PerProducer, Patience);
        var produce = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var n = 0; n < PerProducer;)
            {
                var batch = Enumerable.Range(n, Math.Min(1 + ((n + p) % 5), PerProducer - n)).Select(i => EventsAppFixture.Tick(p, i)).ToList();
                await fixture.Log.AppendAsync(domain, batch, CancellationToken.None);
                n += batch.Count;
            }
        })).ToList();
        await Task.WhenAll(produce);
        await follow;

        Assert.True(source.Responses >= 50, $"only {source.Responses} responses");
        var ticks = source.Received.Select(f => (Frame: f, Data: JsonNode.Parse(f.Data)!)).ToList();
        Assert.Equal(Producers * PerProducer, ticks.Count);
        Assert.All(ticks, t => Assert.Null(t.Frame.Name));
        Assert.Equal(ticks.Count, ticks.Select(t => (t.Data["payload"]!["p"]!.GetValue<int>(), t.Data["payload"]!["n"]!.GetValue<int>())).Distinct().Count());
        for (var p = 0; p < Producers; p++)
        {
            var sequence = ticks.Where(t => t.Data["payload"]!["p"]!.GetValue<int>() == p).Select(t => t.Data["payload"]!["n"]!.GetValue<int>());
            Assert.Equal(Enumerable.Range(0, PerProducer), sequence);
        }

        var ids = ticks.Select(t => StreamId.Parse(t.Frame.Id!)).ToList();
        Assert.True(ids.Zip(ids.Skip(1)).All(pair => pair.First < pair.Second), "frame ids must strictly increase");
        Assert.All(ticks, t => Assert.Equal(t.Frame.Id, t.Data["id"]!.GetValue<string>()));
        Assert.All(ticks, t => Assert.Equal(domain, t.Data["domain"]!.GetValue<string>()));

        using var after = await client.GetAsync($"/api/events?after={source.LastEventId}&wait=0");
        Assert.Empty((await after.ReadJsonAsync())["events"]!.AsArray());
    }

    [Fact]
    public async Task A_waiting_request_answers_as_soon_as_an_event_is_appended()
    {
        var domain = EventsAppFixture.NewDomain("wake");
        using var client = fixture.ClientFor(domain);
        var signals = fixture.App.Get<WakeSignals>();
        var source = new EventSourceClient(client, "/api/events/stream?wait=30");

        var poll = source.PollAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(signals.Waiters(WakeSignals.Domain(domain)) == 1), Patience, "the request to wait");
        var clock = Stopwatch.StartNew();
        await fixture.Log.AppendAsync(domain, [EventsAppFixture.Tick(0, 1)], CancellationToken.None);
        var response = await poll;
        clock.Stop();

        var frame = Assert.Single(response.Frames);
        Assert.Equal(1, JsonNode.Parse(frame.Data)!["payload"]!["n"]!.GetValue<int>());
        // The wait was 30 s: answering within a few seconds on a loaded machine means the wake-up, not the timeout, ended it
        // (the benchmark measures the latency itself).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered {clock.Elapsed.TotalMilliseconds:0} ms after the append");
        Assert.Equal(0, signals.Waiters(WakeSignals.Domain(domain)));
    }

    [Fact]
    public async Task A_wait_that_ends_empty_sends_a_comment_and_an_id_that_resumes_exactly_after_it()
    {
        var domain = EventsAppFixture.NewDomain("idle");
        using var client = fixture.ClientFor(domain);
        await fixture.Log.AppendAsync(domain, [EventsAppFixture.Tick(0, 0)], CancellationToken.None);
        var source = new EventSourceClient(client, "/api/events/stream?wait=0.2");

        var idle = await source.PollAsync(CancellationToken.None);

        Assert.Empty(idle.Frames);
        Assert.Contains(idle.Comments, c => c.StartsWith("no events", StringComparison.Ordinal));
        Assert.NotNull(idle.LastId);
        await fixture.Log.AppendAsync(domain, [EventsAppFixture.Tick(0, 1)], CancellationToken.None);
        var next = await source.PollAsync(CancellationToken.None);
        Assert.Equal([1], next.Frames.Select(f => JsonNode.Parse(f.Data)!["payload"]!["n"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_domain_never_receives_another_domains_events()
    {
        var mine = EventsAppFixture.NewDomain("mine");
        var theirs = EventsAppFixture.NewDomain("theirs");
        using var me = fixture.ClientFor(mine);
        using var them = fixture.ClientFor(theirs);

        await fixture.Log.AppendAsync(theirs, [EventsAppFixture.Tick(9, 9)], CancellationToken.None);
        await them.PostJobAsync(ApiClient.ShellJob("their-job", "true"));
        await me.PostJobAsync(ApiClient.ShellJob("my-job", "true"));

        using var response = await me.GetAsync("/api/events?after=0&wait=0");
        var events = (await response.ReadJsonAsync())["events"]!.AsArray();
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(mine, e!["domain"]!.GetValue<string>()));
        Assert.DoesNotContain(events, e => e!["payload"]!["name"]?.GetValue<string>() == "their-job");
        var stream = await new EventSourceClient(me, "/api/events/stream?after=0&wait=0").PollAsync(CancellationToken.None);
        Assert.All(stream.Frames, f => Assert.Equal(mine, JsonNode.Parse(f.Data)!["domain"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_admin_following_every_domain_gets_each_domains_events_and_resumes_with_its_cursor()
    {
        var a = EventsAppFixture.NewDomain("all-a");
        var b = EventsAppFixture.NewDomain("all-b");
        var admin = fixture.App.Client;
        await fixture.Log.AppendAsync(a, [EventsAppFixture.Tick(1, 0)], CancellationToken.None);
        using var start = await admin.GetAsync("/api/events?wait=0");
        var cursor = (await start.ReadJsonAsync())["next_cursor"]!.GetValue<string>();

        await fixture.Log.AppendAsync(a, [EventsAppFixture.Tick(1, 1)], CancellationToken.None);
        await fixture.Log.AppendAsync(b, [EventsAppFixture.Tick(2, 1)], CancellationToken.None);
        var source = new EventSourceClient(admin, "/api/events/stream?wait=5&after=" + Uri.EscapeDataString(cursor));
        await source.FollowUntilAsync(s => s.Received.Count(f => IsOneOf(f, a, b)) >= 2, Patience);

        var mine = source.Received.Where(f => IsOneOf(f, a, b)).Select(f => JsonNode.Parse(f.Data)!).ToList();
        Assert.Equal([(a, 1), (b, 1)], mine.Select(e => (e["domain"]!.GetValue<string>(), e["payload"]!["n"]!.GetValue<int>())).Order());
        await fixture.Log.AppendAsync(b, [EventsAppFixture.Tick(2, 2)], CancellationToken.None);
        await source.FollowUntilAsync(s => s.Received.Count(f => IsOneOf(f, a, b)) >= 3, Patience);
        Assert.Equal(3, source.Received.Count(f => IsOneOf(f, a, b)));
    }

    [Fact]
    public async Task Bad_parameters_answer_400_naming_the_field()
    {
        var client = fixture.App.Client;
        await AssertProblemAsync(client, "/api/events/stream?wait=-1", "wait", null);
        await AssertProblemAsync(client, "/api/events?wait=soon", "wait", null);
        await AssertProblemAsync(client, "/api/events/stream?limit=0", "limit", null);
        await AssertProblemAsync(client, "/api/events/stream", "Last-Event-ID", "not-a-cursor");
        await AssertProblemAsync(client, "/api/events?after=c.%25%25", "after", null);
        await AssertProblemAsync(client, "/api/runs/0123456789abcdef0123456789abcdef/log?stream=stdin", "stream", null);
        await AssertProblemAsync(client, "/api/runs/0123456789abcdef0123456789abcdef/log?offset=-3", "offset", null);
        await AssertProblemAsync(client, "/api/runs/0123456789abcdef0123456789abcdef/stream?after=nope", "after", null);
    }

    private static bool IsOneOf(SseFrame frame, string a, string b)
    {
        var domain = JsonNode.Parse(frame.Data)!["domain"]?.GetValue<string>();
        return domain == a || domain == b;
    }

    private static async Task AssertProblemAsync(HttpClient client, string url, string field, string? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(body)!["errors"]![field]);
    }
}
