using System.Globalization;

namespace Hydra.Functions.Coordination;

/// <summary>How the function app reaches the Redis coordination plane.</summary>
internal sealed class CoordinationOptions
{
    /// <summary>REDIS_URL.</summary>
    public string RedisUrl { get; set; } = "redis://127.0.0.1:6379";

    /// <summary>HYDRA_REDIS_PREFIX.</summary>
    public string Prefix { get; set; } = "hydra";

    /// <summary>HYDRA_HEARTBEAT_TTL_SECONDS: a worker whose heartbeat is older gets no new runs.</summary>
    public TimeSpan HeartbeatTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>HYDRA_RECONCILE_GRACE_SECONDS: how long a queued/running run must sit unchanged before reconcile checks Redis for it.</summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromSeconds(30);

    public static CoordinationOptions From(IConfiguration config)
    {
        var options = new CoordinationOptions();
        if (!string.IsNullOrWhiteSpace(config["REDIS_URL"]))
        {
            options.RedisUrl = config["REDIS_URL"]!.Trim();
        }

        if (!string.IsNullOrWhiteSpace(config["HYDRA_REDIS_PREFIX"]))
        {
            options.Prefix = config["HYDRA_REDIS_PREFIX"]!.Trim();
        }

        options.HeartbeatTtl = Seconds(config, "HYDRA_HEARTBEAT_TTL_SECONDS") ?? options.HeartbeatTtl;
        options.ReconcileGrace = Seconds(config, "HYDRA_RECONCILE_GRACE_SECONDS") ?? options.ReconcileGrace;
        return options;
    }

    private static TimeSpan? Seconds(IConfiguration config, string key)
    {
        var value = config[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException($"{key} must be a positive number of seconds, not '{value}'.");
    }
}
