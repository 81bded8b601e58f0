using System.Text;

namespace Hydra.Functions.Events;

/// <summary>
/// Builds a finite <c>text/event-stream</c> body: the long-poll answer is complete before it is sent (the Functions
/// host buffers responses anyway), so it is one string. It starts with a <c>retry:</c> hint so the browser's
/// EventSource reconnects quickly when the response ends. Field values are single lines: JSON has no raw newlines,
/// and text is split into one <c>data:</c> line per line as the format requires.
/// </summary>
internal sealed class SseFrames
{
    public const int RetryMilliseconds = 1000;
    private readonly StringBuilder _text = new();

    public SseFrames() => _text.Append("retry: ").Append(RetryMilliseconds).Append("\n\n");

    /// <summary>An unnamed frame (EventSource.onmessage), or a named one when <paramref name="name"/> is given.</summary>
    public SseFrames Frame(string? id, string data, string? name = null)
    {
        if (id is not null)
        {
            _text.Append("id: ").Append(id).Append('\n');
        }

        if (name is not null)
        {
            _text.Append("event: ").Append(name).Append('\n');
        }

        foreach (var line in data.Split('\n'))
        {
            _text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>
    /// A comment and, when given, an <c>id:</c> with no data: EventSource fires no event for it but does take the id
    /// as its Last-Event-ID, so a follower that got nothing still resumes from the resolved cursor.
    /// </summary>
    public SseFrames Idle(string comment, string? id)
    {
        _text.Append(": ").Append(comment).Append('\n');
        if (id is not null)
        {
            _text.Append("id: ").Append(id).Append('\n');
        }

        _text.Append('\n');
        return this;
    }

    public IResult ToResult(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-cache, no-store";
        // Proxies (nginx) must not hold the body back; under the Functions host it is buffered whole regardless.
        response.Headers["X-Accel-Buffering"] = "no";
        return Results.Text(_text.ToString(), "text/event-stream", Encoding.UTF8);
    }

    public override string ToString() => _text.ToString();
}
