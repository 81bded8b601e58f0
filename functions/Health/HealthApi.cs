using System.Reflection;
using System.Text.Json.Serialization;
using Hydra.Functions.Auth;
using Hydra.Functions.Http;
using Hydra.Functions.Store;

namespace Hydra.Functions.Health;

/// <summary>Without a token only <c>status</c> is present: the other members are left out, not null.</summary>
internal sealed record HealthReply(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Store,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Redis,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Workers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? PendingJobs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version);

/// <summary>
/// GET /health. Without a token: liveness only (<c>status</c>). With a valid token: which dependency is up.
/// 200 when everything answers, 503 (same body) when the store or Redis does not.
/// </summary>
internal static class HealthApi
{
    private static readonly string AppVersion =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static async Task<IResult> Get(Caller? caller, IStoreHealth store, IEnumerable<IHealthProbe> probes, CancellationToken ct)
    {
        var storeUp = await Safely(() => store.PingAsync(ct));
        var results = new Dictionary<string, HealthProbeResult>();
        foreach (var probe in probes)
        {
            results[probe.Name] = await probe.CheckAsync(caller?.Scope, ct);
        }

        var allUp = storeUp && results.Values.All(r => r.Up);
        var status = allUp ? "ok" : "degraded";
        if (caller is null)
        {
            return Results.Json(new HealthReply(status, null, null, null, null, null), ApiJsonContext.Default.HealthReply,
                statusCode: allUp ? 200 : 503);
        }

        results.TryGetValue("redis", out var redis);
        var reply = new HealthReply(
            Status: status,
            Store: storeUp ? $"ok ({store.Engine})" : $"unavailable ({store.Engine})",
            Redis: redis is null ? "not configured" : redis.Up ? "ok" : "unavailable: " + redis.Detail,
            Workers: redis?.Workers,
            PendingJobs: redis?.Pending,
            Version: AppVersion);
        return Results.Json(reply, ApiJsonContext.Default.HealthReply, statusCode: allUp ? 200 : 503);
    }

    private static async Task<bool> Safely(Func<Task<bool>> check)
    {
        try
        {
            return await check();
        }
        catch (Exception)
        {
            return false;
        }
    }
}

/// <summary>A dependency /health reports on besides the store (Redis, added with the execution path).</summary>
internal interface IHealthProbe
{
    string Name { get; }
    Task<HealthProbeResult> CheckAsync(string? domain, CancellationToken ct);
}

internal sealed record HealthProbeResult(bool Up, string? Detail, int? Workers, long? Pending);
