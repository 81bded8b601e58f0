using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Hydra.Shared.Json;

/// <summary>
/// Turns the JSON Path of a <see cref="System.Text.Json.JsonException"/> (<c>$.affinity.tags[2]</c>) into the
/// field path the API reports (<c>affinity.tags[2]</c>) and, by walking the generated metadata along it, into a
/// message naming the type the field must have. The serializer's own message names CLR types
/// (<c>System.Nullable`1[System.Int32]</c>), which means nothing to a client.
/// </summary>
internal static partial class JsonFieldPath
{
    public const string Root = "$";

    public static string ToField(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == Root)
        {
            return Root;
        }

        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..]
            : jsonPath.StartsWith('$') ? jsonPath[1..]
            : jsonPath;
    }

    /// <summary>"must be …" for the value at <paramref name="jsonPath"/> below <paramref name="root"/>.</summary>
    public static string DescribeExpected(JsonTypeInfo root, string? jsonPath)
    {
        ArgumentNullException.ThrowIfNull(root);
        var type = Resolve(root, jsonPath ?? Root);
        return type is null ? "has the wrong type" : $"must be {Noun(type, plural: false)}";
    }

    private static JsonTypeInfo? Resolve(JsonTypeInfo root, string jsonPath)
    {
        var current = root;
        foreach (Match segment in Segment().Matches(jsonPath))
        {
            var name = segment.Groups["name"].Success ? segment.Groups["name"].Value
                : segment.Groups["quoted"].Success ? segment.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal)
                : null;
            Type? next = current.Kind switch
            {
                JsonTypeInfoKind.Object when name is not null =>
                    current.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType,
                JsonTypeInfoKind.Dictionary when name is not null => current.ElementType,
                JsonTypeInfoKind.Enumerable when name is null => current.ElementType,
                _ => null,
            };
            if (next is null || HydraJsonContext.Default.GetTypeInfo(next) is not { } info)
            {
                return null;
            }

            current = info;
        }

        return current;
    }

    private static string Noun(JsonTypeInfo info, bool plural)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (type == typeof(string))
        {
            return plural ? "strings" : "a string";
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return plural ? "whole numbers" : "a whole number";
        }

        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
        {
            return plural ? "numbers" : "a number";
        }

        if (type == typeof(bool))
        {
            return plural ? "true or false values" : "true or false";
        }

        if (type == typeof(Jobs.EnvValue))
        {
            return plural ? "strings or {\"secret\": \"name\"} objects" : "a string or {\"secret\": \"name\"}";
        }

        if (type == typeof(DateTimeOffset))
        {
            return plural ? "ISO 8601 timestamps" : "an ISO 8601 timestamp such as 2026-01-02T03:04:05Z";
        }

        var element = info.ElementType is { } e ? HydraJsonContext.Default.GetTypeInfo(e) : null;
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable when element is not null => plural ? "arrays" : $"an array of {Noun(element, plural: true)}",
            JsonTypeInfoKind.Dictionary when element is not null => plural ? "objects" : $"an object whose values are {Noun(element, plural: true)}",
            _ => plural ? "objects" : "an object",
        };
    }

    // One step of a System.Text.Json path: .name, [3] or ['odd.name'].
    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]|\['(?<quoted>(?:[^']|'')*)'\]", RegexOptions.CultureInvariant)]
    private static partial Regex Segment();
}
