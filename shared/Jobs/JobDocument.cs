using System.Text.Json.Serialization;

namespace Hydra.Shared.Jobs;

/// <summary>
/// A job definition as clients send it and the API returns it (the hydra-jobs document, snake_case on the wire).
/// Unknown fields are ignored. Server-owned fields (<c>_id</c>, <c>domain</c>, timestamps, version) are set by the API.
/// </summary>
public sealed class JobDocument
{
    [JsonPropertyName("_id")]
    public string? Id { get; set; }

    /// <summary>The same as <c>_id</c>; hydra-jobs clients read either.</summary>
    [JsonPropertyName("id")]
    public string? IdAlias { get => Id; set { } }

    public string? Name { get; set; }
    public string? User { get; set; }
    public string? Domain { get; set; }
    public AffinitySpec? Affinity { get; set; }
    public ExecutorSpec? Executor { get; set; }
    public int? Retries { get; set; }
    /// <summary>Seconds; 0 or null means no timeout.</summary>
    public int? Timeout { get; set; }
    /// <summary>Higher runs first; default 5.</summary>
    public int? Priority { get; set; }
    public ScheduleSpec? Schedule { get; set; }
    public CompletionSpec? Completion { get; set; }
    public RetryBackoffSpec? RetryBackoff { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public int? Version { get; set; }
}

public sealed class AffinitySpec
{
    public List<string>? Os { get; set; }
    public List<string>? Tags { get; set; }
    public List<string>? AllowedUsers { get; set; }
    public List<string>? Hostnames { get; set; }
}

public sealed class CompletionSpec
{
    public List<int>? ExitCodes { get; set; }
    public List<string>? StdoutContains { get; set; }
    public List<string>? StdoutNotContains { get; set; }
    public List<string>? StderrContains { get; set; }
    public List<string>? StderrNotContains { get; set; }
}

public sealed class RetryBackoffSpec
{
    public double? InitialSeconds { get; set; }
    public double? MaxSeconds { get; set; }
    public double? Factor { get; set; }
}
