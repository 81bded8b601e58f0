using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Hydra.Functions.Hosting;

/// <summary>
/// CORS_ALLOW_ORIGINS: comma-separated origins or <c>*</c>; by default the UI's dev server and the lean host.
/// Applied by middleware before auth, so preflights need no token and error responses carry the headers too.
/// </summary>
internal static class CorsSettings
{
    public static readonly string[] DefaultOrigins =
        ["http://localhost:5173", "http://127.0.0.1:5173", "http://localhost:7071", "http://127.0.0.1:7071"];

    public static void Apply(CorsPolicyBuilder policy, string? setting)
    {
        var origins = string.IsNullOrWhiteSpace(setting)
            ? DefaultOrigins
            : setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins(origins);
        }

        policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("X-Next-Cursor", "Retry-After");
    }
}
