namespace Hydra.Functions.Jobs;

internal sealed record ValidationReply(
    bool Valid,
    IReadOnlyList<string> Errors,
    IReadOnlyDictionary<string, List<string>> FieldErrors,
    DateTimeOffset? NextRunAt,
    IReadOnlyList<DateTimeOffset> NextRuns,
    IReadOnlyList<Hydra.Shared.Scheduling.Occurrence>? NextOccurrences = null);

internal sealed record DeletedReply(
    [property: System.Text.Json.Serialization.JsonPropertyName("_id")] string Id,
    bool Deleted);
