using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hydra.Functions.Catalog;

/// <summary>
/// Renders what the Azure Functions host reads before it starts us: host.json (custom handler, HTTP requests
/// forwarded unchanged, no extension bundle — HTTP and timer triggers are built in) and one
/// <c>&lt;FunctionName&gt;/function.json</c> per function of the table.
/// The route prefix is empty and every route carries <c>api/</c> itself: the host rejects routes that start with
/// <c>admin</c>, and <c>api/admin/domains</c> does not.
/// </summary>
internal static class FunctionManifest
{
    public const string ExecutableName = "Hydra.Functions";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Relative path → file content.</summary>
    public static IReadOnlyDictionary<string, string> Render()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host.json"] = HostJson().ToJsonString(Indented) + "\n",
        };
        foreach (var function in FunctionTable.All)
        {
            files[$"{function.Name}/function.json"] = FunctionJson(function).ToJsonString(Indented) + "\n";
        }

        return files;
    }

    public static void Write(string directory)
    {
        foreach (var (path, content) in Render())
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (!File.Exists(full) || File.ReadAllText(full) != content)
            {
                File.WriteAllText(full, content);
            }
        }
    }

    private static JsonObject HostJson() => new()
    {
        ["version"] = "2.0",
        ["functionTimeout"] = "00:10:00",
        ["customHandler"] = new JsonObject
        {
            ["description"] = new JsonObject
            {
                ["defaultExecutablePath"] = ExecutableName,
                ["workingDirectory"] = "",
                ["arguments"] = new JsonArray(),
            },
            ["enableForwardingHttpRequest"] = true,
        },
        ["extensions"] = new JsonObject
        {
            ["http"] = new JsonObject { ["routePrefix"] = "" },
        },
        ["logging"] = new JsonObject
        {
            ["logLevel"] = new JsonObject { ["default"] = "Information" },
        },
    };

    private static JsonObject FunctionJson(FunctionDefinition function)
    {
        JsonArray bindings;
        if (function.Http is { } http)
        {
            bindings =
            [
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    // Auth is ours (tokens, domains); the host's function keys would only get in the way.
                    ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray(http.Methods.Select(m => (JsonNode?)JsonValue.Create(m.ToLowerInvariant())).ToArray()),
                    ["route"] = "api/" + http.Route,
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" },
            ];
        }
        else
        {
            bindings =
            [
                new JsonObject
                {
                    ["type"] = "timerTrigger",
                    ["direction"] = "in",
                    ["name"] = "timer",
                    ["schedule"] = function.Timer!.Schedule,
                    ["runOnStartup"] = false,
                    // The host's schedule monitor is for schedules of a minute or more.
                    ["useMonitor"] = FiresAtMostOncePerMinute(function.Timer),
                },
            ];
        }

        return new JsonObject { ["bindings"] = bindings };
    }

    private static bool FiresAtMostOncePerMinute(TimerTrigger timer)
    {
        var cron = timer.Parse();
        var reference = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var first = cron.GetNextOccurrence(reference);
        var second = first is null ? null : cron.GetNextOccurrence(first.Value);
        return second is null || second.Value - first!.Value >= TimeSpan.FromMinutes(1);
    }
}
