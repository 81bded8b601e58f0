using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hydra.WorkerHost.Hosting;

/// <summary>
/// The worker's settings, read from the environment with the hydra-jobs names (WORKER_ID, WORKER_TAGS,
/// ALLOWED_USERS, MAX_CONCURRENCY, WORKER_DOMAIN, WORKER_DOMAIN_TOKEN, REDIS_URL, WORKER_STATE) plus a few of our own.
/// </summary>
internal sealed class WorkerOptions
{
    public required string WorkerId { get; init; }
    public required string Domain { get; init; }
    public required string DomainToken { get; init; }

    /// <summary>What the worker presents to Redis: the SHA-256 hex of its token, never the token itself.</summary>
    public string DomainTokenHash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DomainToken)));
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> AllowedUsers { get; init; } = [];
    public int MaxConcurrency { get; init; } = 2;
    public string RedisUrl { get; init; } = "redis://127.0.0.1:6379";
    public string RedisPrefix { get; init; } = "hydra";
    /// <summary>online (default), draining or disabled at start.</summary>
    public string InitialState { get; init; } = "online";
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Fallback poll when a pub/sub wake-up is missed.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxOutputBytesPerStream { get; init; } = 1024 * 1024;
    public string HostName { get; init; } = Environment.MachineName;
    /// <summary>HYDRA_STATE_DIR: where the process groups of running attempts are recorded, to reap them after a crash.</summary>
    public string? StateDirectory { get; init; }

    public static WorkerOptions FromEnvironment(IConfiguration config)
    {
        var host = Environment.MachineName.ToLowerInvariant();
        var id = Value(config, "WORKER_ID") ?? $"{host}-{Guid.NewGuid().ToString("N")[..6]}";
        var max = Int(config, "MAX_CONCURRENCY", 2);
        if (max is < 1 or > 1024)
        {
            throw new InvalidOperationException($"MAX_CONCURRENCY must be from 1 to 1024, not {max}.");
        }

        var state = (Value(config, "WORKER_STATE") ?? "online").ToLowerInvariant();
        if (state is not ("online" or "draining" or "disabled"))
        {
            throw new InvalidOperationException($"WORKER_STATE must be online, draining or disabled, not '{state}'.");
        }

        // Both required (compat.md): a worker takes one domain's runs and proves it may with that domain's token.
        var domain = Value(config, "WORKER_DOMAIN")
            ?? throw new InvalidOperationException("WORKER_DOMAIN is required: the domain whose runs this worker takes.");
        var token = Value(config, "WORKER_DOMAIN_TOKEN") ?? Value(config, "API_TOKEN")
            ?? throw new InvalidOperationException(
                $"WORKER_DOMAIN_TOKEN (or API_TOKEN) is required: the token of domain '{domain}' (POST /api/admin/domains/{domain}/token issues one).");

        return new WorkerOptions
        {
            WorkerId = id,
            Domain = domain,
            DomainToken = token,
            Tags = List(config, "WORKER_TAGS"),
            AllowedUsers = List(config, "ALLOWED_USERS"),
            MaxConcurrency = max,
            RedisUrl = Value(config, "REDIS_URL") ?? "redis://127.0.0.1:6379",
            RedisPrefix = Value(config, "HYDRA_REDIS_PREFIX") ?? "hydra",
            InitialState = state,
            HeartbeatInterval = TimeSpan.FromSeconds(Int(config, "HEARTBEAT_SECONDS", 2)),
            ShutdownGrace = TimeSpan.FromSeconds(Int(config, "SHUTDOWN_GRACE_SECONDS", 30)),
            MaxOutputBytesPerStream = Int(config, "MAX_OUTPUT_BYTES", 1024 * 1024),
            HostName = Value(config, "WORKER_HOSTNAME") ?? host,
            StateDirectory = Value(config, "HYDRA_STATE_DIR"),
        };
    }

    private static string? Value(IConfiguration config, string key)
    {
        var value = config[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static List<string> List(IConfiguration config, string key) =>
        (Value(config, key) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static int Int(IConfiguration config, string key, int fallback)
    {
        var value = Value(config, key);
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"{key} must be a whole number, not '{value}'.");
    }
}
