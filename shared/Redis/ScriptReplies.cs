using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>Reading the shapes the scripts answer with: string lists, flat field/value hashes, ms timestamps.</summary>
internal static class ScriptReplies
{
    public static IReadOnlyList<string> Strings(RedisResult result) =>
        result.IsNull ? [] : [.. ((RedisResult[])result!).Select(r => (string)r!)];

    public static Dictionary<string, string> Hash(RedisResult result)
    {
        var flat = (RedisResult[])result!;
        var hash = new Dictionary<string, string>(flat.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            hash[(string)flat[i]!] = (string)flat[i + 1]!;
        }

        return hash;
    }

    /// <summary>Milliseconds since the epoch (an integer or its decimal string) from Redis TIME.</summary>
    public static DateTimeOffset Time(RedisResult result) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)result!, NumberStyles.Integer, CultureInfo.InvariantCulture));

    public static IReadOnlyList<string> JsonList(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<string>>(json, RedisJson.Options) ?? [];
        }
        catch (JsonException)
        {
            // Written by register.lua from a serialised list; anything else is shown as no list rather than failing a listing.
            return [];
        }
    }
}
