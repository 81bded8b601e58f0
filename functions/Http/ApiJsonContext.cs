using System.Text.Json.Serialization;
using Hydra.Functions.Health;
using Hydra.Functions.Jobs;
using Hydra.Functions.Runs;
using Hydra.Functions.Workers;
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
[JsonSerializable(typeof(RunReply))]
[JsonSerializable(typeof(List<RunReply>))]
[JsonSerializable(typeof(RunQueuedReply))]
[JsonSerializable(typeof(RunCancelReply))]
[JsonSerializable(typeof(List<JobOverviewReply>))]
[JsonSerializable(typeof(List<WorkerReply>))]
[JsonSerializable(typeof(WorkerStateReply))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
