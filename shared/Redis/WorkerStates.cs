namespace Hydra.Shared.Redis;

/// <summary>
/// A worker's <c>state</c> field. Operators set online, draining and disabled; FailoverSweep sets offline when the
/// heartbeat is older than the TTL. Only an online worker with a fresh heartbeat receives runs. A re-registering
/// worker keeps an operator's draining or disabled.
/// </summary>
internal static class WorkerStates
{
    public const string Online = "online";
    public const string Draining = "draining";
    public const string Disabled = "disabled";
    public const string Offline = "offline";

    /// <summary>Not stored: the heartbeat's answer when the worker hash is gone, telling the worker to register again.</summary>
    public const string Unknown = "unknown";

    /// <summary>Not stored: the answer to a worker whose domain token does not match (bad, rotated, or domain deleted).</summary>
    public const string Refused = "refused";

    public static readonly IReadOnlyList<string> All = [Online, Draining, Disabled, Offline];

    public static bool IsValid(string state) => All.Contains(state, StringComparer.Ordinal);
}
