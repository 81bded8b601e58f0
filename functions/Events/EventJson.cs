using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hydra.Functions.Events;

/// <summary>
/// The wire form of events: <c>{id, type, domain, payload, ts}</c> for each (<c>id</c> is the cursor that resumes
/// after it; <c>payload</c> is the producer's JSON object, passed through), and the JSON long-poll's
/// <c>{events, next_cursor, reset}</c>. Written with Utf8JsonWriter: the payload is already JSON.
/// </summary>
internal static class EventJson
{
    public static string Event(FeedItem item)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, item);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Page(FeedPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("events");
            foreach (var item in page.Items)
            {
                Write(writer, item);
            }

            writer.WriteEndArray();
            writer.WriteString("next_cursor", page.Next.ToString());
            writer.WriteBoolean("reset", page.Reset);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Reset(FeedPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return JsonSerializer.Serialize(
            new ResetFrame("reset", "The cursor is older than the retained events or belongs to another view; reload the state, then follow from next_cursor.", page.Next.ToString()),
            EventsJsonContext.Default.ResetFrame);
    }

    private static void Write(Utf8JsonWriter writer, FeedItem item)
    {
        var e = item.Event;
        writer.WriteStartObject();
        writer.WriteString("id", item.Cursor);
        writer.WriteString("type", e.Type);
        writer.WriteString("domain", e.Domain);
        writer.WritePropertyName("payload");
        writer.WriteRawValue(e.PayloadJson, skipInputValidation: false);
        writer.WriteString("ts", e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }
}

/// <summary>The <c>reset</c> frame's data: the client reloads its state and follows from <c>next_cursor</c>.</summary>
internal sealed record ResetFrame(string Type, string Detail, string NextCursor);
