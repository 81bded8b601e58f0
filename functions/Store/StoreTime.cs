using System.Globalization;

namespace Hydra.Functions.Store;

/// <summary>
/// How instants are kept: UTC, millisecond precision, on both engines. SQLite has no time type, so it stores
/// fixed-width ISO-8601 text that sorts and compares like the instant it names; PostgreSQL keeps timestamptz
/// (microseconds), truncated to milliseconds here so both engines return the same values.
/// </summary>
internal static class StoreTime
{
    public const string TextFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The same format as an SQLite strftime pattern (%f is seconds with milliseconds).</summary>
    public const string SqliteStrftimeFormat = "%Y-%m-%dT%H:%M:%fZ";

    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public static string ToText(DateTimeOffset value) =>
        Truncate(value).ToString(TextFormat, CultureInfo.InvariantCulture);

    public static bool TryParseText(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(
            text, TextFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
