using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace Hydra.Shared.Redis;

/// <summary>
/// The text of the embedded Lua scripts (shared/Redis/Lua/*.lua). A script that starts with
/// <c>-- include: NAME</c> lines gets NAME.lua prepended at load time, so the placement matcher and the clock
/// helpers live once instead of being copied into every script that needs them.
/// </summary>
internal static class LuaSource
{
    public const string Register = "register";
    public const string Heartbeat = "heartbeat";
    public const string SetState = "set_state";
    public const string ListWorkers = "list_workers";
    public const string Dispatch = "dispatch";
    public const string PlacePending = "place_pending";
    public const string Claim = "claim";
    public const string Complete = "complete";
    public const string IngestAck = "ingest_ack";
    public const string Known = "known";
    public const string LogAppend = "log_append";
    public const string LogRead = "log_read";
    public const string Failover = "failover";
    public const string PromoteDelayed = "promote_delayed";
    public const string Cancel = "cancel";
    public const string Release = "release";
    public const string EventsAppend = "events_append";
    public const string EventsRead = "events_read";
    public const string DomainToken = "domain_token";

    /// <summary>Every script a facade runs (includes are not scripts of their own).</summary>
    public static readonly IReadOnlyList<string> Scripts =
        [
            Register, Heartbeat, SetState, ListWorkers, Dispatch, PlacePending, Claim, Complete, IngestAck, Known, LogAppend, LogRead,
            Failover, PromoteDelayed, Cancel, Release, EventsAppend, EventsRead, DomainToken,
        ];

    private const string IncludeDirective = "-- include: ";
    private static readonly ConcurrentDictionary<string, string> Texts = new(StringComparer.Ordinal);

    /// <summary>The script ready to load: its includes first, in the order it names them, then its own text.</summary>
    public static string Get(string name) => Texts.GetOrAdd(name, Assemble);

    private static string Assemble(string name)
    {
        var own = ReadResource(name);
        var text = new StringBuilder();
        foreach (var line in own.Split('\n'))
        {
            if (!line.StartsWith(IncludeDirective, StringComparison.Ordinal))
            {
                break;
            }

            text.Append(ReadResource(line[IncludeDirective.Length..].Trim())).Append('\n');
        }

        return text.Append(own).ToString();
    }

    private static string ReadResource(string name)
    {
        var resource = $"Hydra.Shared.Redis.Lua.{name}.lua";
        using var stream = typeof(LuaSource).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Lua script '{name}' is not embedded (expected resource {resource}).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
