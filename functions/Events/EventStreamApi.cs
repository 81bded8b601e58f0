using System.Globalization;
using Hydra.Functions.Auth;
using Hydra.Functions.Http;

namespace Hydra.Functions.Events;

/// <summary>
/// GET /events/stream (<c>text/event-stream</c>) and GET /events (JSON), both long-poll: they answer at once with
/// the events after the cursor, or wait up to <c>?wait=</c> for the first ones, then end. The browser's
/// EventSource reconnects after each response with <c>Last-Event-ID</c>, so nothing is lost between polls. A domain
/// token follows its domain; the admin follows the domain it names, or every domain.
/// </summary>
internal static class EventStreamApi
{
    public static async Task<IResult> Stream(Caller caller, HttpRequest request, HttpResponse response, EventFeed feed, CancellationToken ct)
    {
        var (query, cursor, problem) = Read(request);
        if (problem is not null)
        {
            return problem;
        }

        var page = await feed.ReadAsync(caller.Scope, cursor, query!.Wait, query.Limit, ct);
        var frames = new SseFrames();
        if (page.Reset)
        {
            frames.Frame(page.Next.ToString(), EventJson.Reset(page), name: "reset");
        }

        foreach (var item in page.Items)
        {
            frames.Frame(item.Cursor, EventJson.Event(item));
        }

        if (page.Items.Count == 0 && !page.Reset)
        {
            frames.Idle($"no events within {query.Wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s", page.Next.ToString());
        }

        return frames.ToResult(response);
    }

    public static async Task<IResult> List(Caller caller, HttpRequest request, EventFeed feed, CancellationToken ct)
    {
        var (query, cursor, problem) = Read(request);
        if (problem is not null)
        {
            return problem;
        }

        var page = await feed.ReadAsync(caller.Scope, cursor, query!.Wait, query.Limit, ct);
        return Results.Text(EventJson.Page(page), "application/json", System.Text.Encoding.UTF8);
    }

    private static (LongPollQuery? Query, EventCursor? Cursor, IResult? Problem) Read(HttpRequest request)
    {
        var (query, problem) = LongPollQuery.Parse(request);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        try
        {
            return (query, EventCursor.Parse(query!.Cursor), null);
        }
        catch (FormatException e)
        {
            return (null, null, Problems.BadRequest(query!.CursorField, e.Message));
        }
    }
}
