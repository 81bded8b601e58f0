using System.Globalization;
using Hydra.Functions.Http;

namespace Hydra.Functions.Events;

/// <summary>
/// The long-poll parameters shared by /events/stream, /events and /runs/{id}/stream: the cursor (the
/// <c>Last-Event-ID</c> header a reconnecting EventSource sends wins over <c>?last_event_id=</c>, then <c>?after=</c>,
/// because a browser reconnects to the same URL it was opened with), <c>?wait=</c> seconds (default 25, capped at 60:
/// well under the 230 s Azure front-end limit) and <c>?limit=</c>.
/// </summary>
internal sealed record LongPollQuery(string? Cursor, string CursorField, TimeSpan Wait, int Limit)
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(25);
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);
    public const int DefaultLimit = 500;
    public const int MaxLimit = 1000;

    public static (LongPollQuery? Query, IResult? Problem) Parse(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (cursor, field) = ReadCursor(request);

        var wait = DefaultWait;
        var waitText = request.Query["wait"].ToString();
        if (waitText.Length > 0)
        {
            if (!double.TryParse(waitText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < 0)
            {
                return (null, Problems.BadRequest("wait", "must be a number of seconds, 0 or more (at most 60 are used)"));
            }

            wait = seconds >= MaxWait.TotalSeconds ? MaxWait : TimeSpan.FromSeconds(seconds);
        }

        var limit = DefaultLimit;
        var limitText = request.Query["limit"].ToString();
        if (limitText.Length > 0
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            return (null, Problems.BadRequest("limit", $"must be a whole number from 1 to {MaxLimit}"));
        }

        return (new LongPollQuery(cursor, field, wait, limit), null);
    }

    private static (string? Cursor, string Field) ReadCursor(HttpRequest request)
    {
        var header = request.Headers["Last-Event-ID"].ToString();
        if (header.Length > 0)
        {
            return (header, "Last-Event-ID");
        }

        var query = request.Query["last_event_id"].ToString();
        if (query.Length > 0)
        {
            return (query, "last_event_id");
        }

        var after = request.Query["after"].ToString();
        return after.Length > 0 ? (after, "after") : (null, "after");
    }
}
