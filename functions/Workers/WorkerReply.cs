using System.Text.Json;
using Hydra.Shared.Redis;

namespace Hydra.Functions.Workers;

/// <summary>A worker as GET /workers shows it (hydra-jobs fields plus version, started_at, capabilities).</summary>
internal sealed record WorkerReply
{
    public required string WorkerId { get; init; }
    public required string Domain { get; init; }
    public required string Os { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public required IReadOnlyList<string> AllowedUsers { get; init; }
    public required int MaxConcurrency { get; init; }
    public required int CurrentRunning { get; init; }
    public required DateTimeOffset LastHeartbeat { get; init; }
    public required double HeartbeatAgeSeconds { get; init; }
    /// <summary>online when the heartbeat is fresh, else offline.</summary>
    public required string Status { get; init; }
    /// <summary>The operator's state: online, draining, disabled (or offline once failed over).</summary>
    public required string State { get; init; }
    public required string Hostname { get; init; }
    public required IReadOnlyList<string> RunningJobs { get; init; }
    public required string Version { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public JsonElement? Capabilities { get; init; }

    public static WorkerReply From(WorkerInfo w) => new()
    {
        WorkerId = w.WorkerId,
        Domain = w.Domain,
        Os = w.Os,
        Tags = w.Tags,
        AllowedUsers = w.AllowedUsers,
        MaxConcurrency = w.MaxConcurrency,
        CurrentRunning = w.Running,
        LastHeartbeat = w.LastHeartbeat,
        HeartbeatAgeSeconds = Math.Round(w.HeartbeatAge.TotalSeconds, 3),
        Status = w.Fresh ? WorkerStates.Online : WorkerStates.Offline,
        State = w.State,
        Hostname = w.Hostname,
        RunningJobs = [.. w.InflightRunIds, .. w.QueuedRunIds],
        Version = w.Version,
        StartedAt = DateTimeOffset.TryParse(w.StartedAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var started) ? started : null,
        Capabilities = ParseCapabilities(w.Capabilities),
    };

    private static JsonElement? ParseCapabilities(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
