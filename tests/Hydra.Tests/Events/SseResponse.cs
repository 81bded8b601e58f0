namespace Hydra.Tests.Events;

/// <summary>One frame of a text/event-stream body, as EventSource would see it (name null = "message").</summary>
public sealed record SseFrame(string? Id, string? Name, string Data);

/// <summary>A parsed long-poll answer: its frames, comments, retry hint and the last id it set (even without data).</summary>
public sealed record SseResponse(IReadOnlyList<SseFrame> Frames, IReadOnlyList<string> Comments, int? Retry, string? LastId)
{
    /// <summary>Parses as the HTML spec's EventSource does: fields per line, a blank line dispatches, an id with no data still counts.</summary>
    public static SseResponse Parse(string body)
    {
        var frames = new List<SseFrame>();
        var comments = new List<string>();
        int? retry = null;
        string? lastId = null;
        string? id = null;
        string? name = null;
        var data = new List<string>();
        foreach (var raw in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.Length == 0)
            {
                if (id is not null)
                {
                    lastId = id;
                }

                if (data.Count > 0)
                {
                    frames.Add(new SseFrame(lastId, name, string.Join('\n', data)));
                }

                id = null;
                name = null;
                data.Clear();
                continue;
            }

            if (raw[0] == ':')
            {
                comments.Add(raw[1..].Trim());
                continue;
            }

            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? raw : raw[..colon];
            var value = colon < 0 ? "" : raw[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data.Add(value); break;
                case "retry": retry = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }

        return new SseResponse(frames, comments, retry, lastId);
    }
}
