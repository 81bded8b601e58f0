using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;

namespace Hydra.Shared.Json;

/// <summary>
/// Source-generated metadata for every document that crosses a process boundary (HTTP, Redis, the store's JSON
/// columns). Strict numbers: <c>"retries": "3"</c> is a type error, not 3, so a client learns about its bug.
/// Dictionary keys (executor env names) keep their case: no key policy.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    MaxDepth = HydraJson.MaxDepth,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(JobDocument))]
[JsonSerializable(typeof(List<JobDocument>))]
[JsonSerializable(typeof(JobDocument[]))]
[JsonSerializable(typeof(DispatchPayload))]
[JsonSerializable(typeof(List<DispatchPayload>))]
[JsonSerializable(typeof(DispatchPayload[]))]
[JsonSerializable(typeof(AttemptOutcome))]
[JsonSerializable(typeof(List<AttemptOutcome>))]
[JsonSerializable(typeof(AttemptOutcome[]))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class HydraJsonContext : JsonSerializerContext;
