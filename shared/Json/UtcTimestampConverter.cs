using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hydra.Shared.Json;

/// <summary>
/// Reads ISO 8601 timestamps with or without an offset and writes them in UTC with <c>Z</c> and milliseconds
/// (<c>2026-01-02T03:04:05.123Z</c>). The built-in converter reads an offset-less timestamp as the machine's
/// local time, which would make a job's schedule depend on where the API happens to run; here it means UTC.
/// Milliseconds are always written so every timestamp has one width and sorts as a string.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const string WireFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Both getters validate ISO 8601 (the same parser); the DateTime one reveals whether an offset was given.
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var local))
        {
            throw new JsonException();
        }

        if (local.Kind == DateTimeKind.Unspecified)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc));
        }

        if (!reader.TryGetDateTimeOffset(out var withOffset))
        {
            throw new JsonException();
        }

        return withOffset.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> buffer = stackalloc char[32];
        if (!value.UtcDateTime.TryFormat(buffer, out var written, WireFormat, CultureInfo.InvariantCulture))
        {
            throw new JsonException($"Cannot format timestamp {value.Ticks} ticks.");
        }

        writer.WriteStringValue(buffer[..written]);
    }

    /// <summary>The wire form of one timestamp, for places that build JSON or messages by hand.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(WireFormat, CultureInfo.InvariantCulture);
}
