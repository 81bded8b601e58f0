using System.Text.Json;

namespace Hydra.Shared.Redis;

/// <summary>
/// How payloads travel through Redis: snake_case, nulls left out (the hydra-jobs wire shape).
/// The one place to swap in the source-generated HydraJsonContext when it lands.
/// </summary>
internal static class RedisJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
