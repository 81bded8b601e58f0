using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;

namespace Hydra.Shared.Json;

/// <summary>
/// The one JSON configuration of the wire format: snake_case, nulls omitted, unknown fields ignored, strict
/// numbers, depth 32, UTC timestamps with <c>Z</c>. Use these instead of new options so every process agrees.
/// </summary>
public static class HydraJson
{
    /// <summary>Deep enough for any job document, shallow enough that a hostile body is refused early.</summary>
    public const int MaxDepth = 32;

    public static HydraJsonContext Context => HydraJsonContext.Default;

    /// <summary>Read-only options bound to <see cref="Context"/>.</summary>
    public static JsonSerializerOptions Options => HydraJsonContext.Default.Options;

    public static JsonTypeInfo<JobDocument> JobDocument => HydraJsonContext.Default.JobDocument;
    public static JsonTypeInfo<DispatchPayload> DispatchPayload => HydraJsonContext.Default.DispatchPayload;
    public static JsonTypeInfo<AttemptOutcome> AttemptOutcome => HydraJsonContext.Default.AttemptOutcome;

    /// <summary>
    /// Applies the wire format to options someone else owns (ASP.NET Core's <c>ConfigureHttpJsonOptions</c>),
    /// putting our context first in the resolver chain so our types use the generated metadata.
    /// </summary>
    public static void Configure(JsonSerializerOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var source = Options;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        target.UnmappedMemberHandling = source.UnmappedMemberHandling;
        target.NumberHandling = source.NumberHandling;
        target.ReadCommentHandling = source.ReadCommentHandling;
        target.AllowTrailingCommas = source.AllowTrailingCommas;
        target.MaxDepth = source.MaxDepth;
        if (!target.Converters.Any(c => c is UtcTimestampConverter))
        {
            target.Converters.Add(new UtcTimestampConverter());
        }

        if (!target.TypeInfoResolverChain.Contains(HydraJsonContext.Default))
        {
            target.TypeInfoResolverChain.Insert(0, HydraJsonContext.Default);
        }
    }
}
