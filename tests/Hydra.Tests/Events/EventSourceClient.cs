using System.Net;

namespace Hydra.Tests.Events;

/// <summary>
/// Behaves like a browser's EventSource against a long-poll SSE route: after each response ends it reconnects to the
/// same URL with <c>Last-Event-ID</c> set to the last id it received (an id-only frame counts), and keeps the
/// frames in arrival order. No sleeps: it reconnects at once (the server's retry hint is a browser's delay).
/// </summary>
public sealed class EventSourceClient(HttpClient client, string url)
{
    public string? LastEventId { get; private set; }

    public int Responses { get; private set; }

    public List<SseFrame> Received { get; } = [];

    /// <summary>One request/response; returns the parsed response.</summary>
    public async Task<SseResponse> PollAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (LastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", LastEventId);
        }

        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var parsed = SseResponse.Parse(body);
        Assert.Equal(1000, parsed.Retry);
        Responses++;
        Received.AddRange(parsed.Frames);
        LastEventId = parsed.LastId ?? LastEventId;
        return parsed;
    }

    /// <summary>Polls until <paramref name="done"/> says so or the timeout passes.</summary>
    public async Task FollowUntilAsync(Func<EventSourceClient, bool> done, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!done(this))
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"EventSource on {url} gave up after {Responses} responses and {Received.Count} frames.");
            }

            await PollAsync(cts.Token);
        }
    }
}
