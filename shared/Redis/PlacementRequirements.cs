using System.Text.Json;
using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;

namespace Hydra.Shared.Redis;

/// <summary>
/// What placement needs from a run, stored in its hash as <c>requirements</c> so the pending walk never parses the
/// whole payload. The matcher (Lua/eligibility.lua) compares os, tags and hostnames case-insensitively and users
/// exactly; an empty list means "any". <see cref="Needs"/> are capabilities the worker must list in its registration's
/// <c>capabilities.provides</c> (<see cref="ExecutorNeeds"/>).
/// </summary>
internal sealed record PlacementRequirements
{
    public IReadOnlyList<string> Os { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Hostnames { get; init; } = [];
    public IReadOnlyList<string> AllowedUsers { get; init; } = [];
    public string? User { get; init; }
    public IReadOnlyList<string> Needs { get; init; } = [];

    public static PlacementRequirements From(DispatchPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var affinity = payload.Affinity;
        var os = Clean(affinity?.Os);
        if (ExecutorNeeds.RequiresWindows(payload.Executor))
        {
            // Validation makes such a job name windows; a stored job from before that rule still never reaches Linux.
            os = ["windows"];
        }

        return new PlacementRequirements
        {
            Os = os,
            Tags = Clean(affinity?.Tags),
            Hostnames = Clean(affinity?.Hostnames),
            AllowedUsers = Clean(affinity?.AllowedUsers),
            User = string.IsNullOrWhiteSpace(payload.User) ? null : payload.User,
            Needs = [.. ExecutorNeeds.Of(payload.Executor)],
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, RedisJson.Options);

    // Blank entries mean nothing; dropping them keeps [""] from turning "any" into "none".
    private static List<string> Clean(List<string>? values) =>
        values is null ? [] : [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim())];
}
