using System.Text.Json.Serialization;
using Hydra.Functions.Runs;
using Hydra.Shared.Json;

namespace Hydra.Functions.Events;

/// <summary>Source-generated JSON for the events and live-log routes' own shapes (kept apart from ApiJsonContext).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(LogChunkFrame))]
[JsonSerializable(typeof(RunOutputFrame))]
[JsonSerializable(typeof(RunEndFrame))]
[JsonSerializable(typeof(RunLogPage))]
[JsonSerializable(typeof(ResetFrame))]
internal sealed partial class EventsJsonContext : JsonSerializerContext;
