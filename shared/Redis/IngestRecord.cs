using System.Text.Json;

namespace Hydra.Shared.Redis;

/// <summary>
/// One record of a domain's ingest list, written by claim.lua (<c>started</c>) and complete.lua (<c>finished</c>,
/// <c>superseded</c>) for IngestSweep to apply to the store. Times are Redis TIME (<c>*_ms</c> on the wire).
/// <see cref="Seq"/> numbers the records of a domain in list order; an acknowledgement names the first one it read.
/// </summary>
internal sealed record IngestRecord
{
    public const string Started = "started";
    public const string Finished = "finished";
    public const string Superseded = "superseded";
    /// <summary>complete with a retry delay: the attempt's outcome, and the run waits as <see cref="NextAttempt"/>.</summary>
    public const string RetryScheduled = "retry_scheduled";
    /// <summary>The attempt's worker died, restarted or shut down first; the run is pending as <see cref="NextAttempt"/>.</summary>
    public const string Lost = "lost";

    public required long Seq { get; init; }
    public required string Kind { get; init; }
    public required string RunId { get; init; }
    public required string Domain { get; init; }
    public required int Attempt { get; init; }
    public required string WorkerId { get; init; }
    public required int Slot { get; init; }
    public required string LeaseToken { get; init; }
    /// <summary>When the script wrote the record.</summary>
    public required DateTimeOffset At { get; init; }
    /// <summary>started: the claim; finished: the claim of this attempt; superseded: unknown (null).</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>finished and superseded: when the report arrived.</summary>
    public DateTimeOffset? EndedAt { get; init; }
    public DateTimeOffset? EnqueuedAt { get; init; }
    public long? QueueLatencyMs { get; init; }
    /// <summary>The attempt's terminal status as the worker reported it (finished, superseded).</summary>
    public string? Status { get; init; }
    public int? ReturnCode { get; init; }
    public string? Stdout { get; init; }
    public string? Stderr { get; init; }
    public string? CompletionReason { get; init; }
    /// <summary>retry_scheduled and lost: the attempt number the run goes on with.</summary>
    public int? NextAttempt { get; init; }
    /// <summary>retry_scheduled: retries left after this one.</summary>
    public int? RetriesRemaining { get; init; }
    /// <summary>retry_scheduled: when the next attempt is due (Redis TIME).</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Parses a record; a record that is not ours is a protocol bug and throws with the record's text.</summary>
    public static IngestRecord Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new IngestRecord
            {
                Seq = root.GetProperty("seq").GetInt64(),
                Kind = root.GetProperty("kind").GetString()!,
                RunId = root.GetProperty("run_id").GetString()!,
                Domain = root.GetProperty("domain").GetString()!,
                Attempt = root.GetProperty("attempt").GetInt32(),
                WorkerId = root.GetProperty("worker_id").GetString()!,
                Slot = root.GetProperty("slot").GetInt32(),
                LeaseToken = root.GetProperty("lease_token").GetString()!,
                At = Time(root, "at_ms") ?? throw new JsonException("at_ms is missing"),
                StartedAt = Time(root, "started_ms"),
                EndedAt = Time(root, "ended_ms"),
                EnqueuedAt = Time(root, "enqueued_ms"),
                QueueLatencyMs = Number(root, "queue_latency_ms"),
                Status = Text(root, "status"),
                ReturnCode = Number(root, "return_code") is { } code ? (int)code : null,
                Stdout = Text(root, "stdout"),
                Stderr = Text(root, "stderr"),
                CompletionReason = Text(root, "completion_reason"),
                NextAttempt = Number(root, "next_attempt") is { } next ? (int)next : null,
                RetriesRemaining = Number(root, "retries_remaining") is { } left ? (int)left : null,
                RetryAt = Time(root, "retry_at_ms"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"Ingest record is not in the protocol's shape: {Truncate(json)}", e);
        }
    }

    private static long? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            // cjson writes whole numbers, but past 14 digits in exponent form: read as double, exact below 2^53.
            ? value.TryGetInt64(out var whole) ? whole : (long)value.GetDouble()
            : null;

    private static DateTimeOffset? Time(JsonElement root, string name) =>
        Number(root, name) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Truncate(string json) => json.Length <= 300 ? json : json[..300] + "…";
}
