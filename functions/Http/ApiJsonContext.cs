using System.Text.Json.Serialization;
using Hydra.Functions.Health;
using Hydra.Functions.Jobs;
using Hydra.Shared.Json;

namespace Hydra.Functions.Http;

/// <summary>Source-generated JSON for the API's own reply shapes, in the same wire format as the job document.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(ValidationReply))]
[JsonSerializable(typeof(DeletedReply))]
[JsonSerializable(typeof(HealthReply))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
