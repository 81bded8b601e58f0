using System.Text.Json;
using Hydra.Shared.Redis;

namespace Hydra.WorkerHost.Hosting;

/// <summary>
/// What this worker can run, found once at start (<see cref="CapabilityProbe"/>) and sent with every registration;
/// GET /workers shows it as <c>capabilities</c>. Dispatch reads only <see cref="Provides"/>: the flat list of names
/// a job's needs are matched against (<c>python3</c>, <c>python3.11</c>, <c>uv</c>, <c>pwsh</c>, <c>bash</c>, …).
/// </summary>
internal sealed record WorkerCapabilities
{
    public required string Os { get; init; }
    public required string Arch { get; init; }
    /// <summary>Interpreter name on PATH → the version it reported (<c>python3.11</c> → <c>3.11.7</c>).</summary>
    public required IReadOnlyDictionary<string, string> Python { get; init; }
    /// <summary>uv's version line, or null when uv is not on PATH.</summary>
    public string? Uv { get; init; }
    /// <summary>Path of pwsh, or null when PowerShell 7 is not on PATH.</summary>
    public string? Pwsh { get; init; }
    public required IReadOnlyList<string> Shells { get; init; }
    public required IReadOnlyList<string> Provides { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, RedisJson.Options);
}
