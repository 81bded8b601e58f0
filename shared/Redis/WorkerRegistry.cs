using System.Text.Json;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>
/// The worker registry: register and heartbeat (called by worker hosts), set state and list (called by the function
/// app). Every timestamp is Redis TIME, taken inside the scripts.
/// </summary>
internal sealed class WorkerRegistry(LuaScripts scripts)
{
    /// <summary>Offline after this long without a heartbeat (compat.md, "Workers").</summary>
    public static readonly TimeSpan DefaultHeartbeatTtl = TimeSpan.FromSeconds(10);

    private readonly DomainSet _domains = new(scripts);

    public async Task<RegistrationResult> RegisterAsync(WorkerRegistration registration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrWhiteSpace(registration.WorkerId);
        ArgumentOutOfRangeException.ThrowIfNegative(registration.MaxConcurrency);
        if (!WorkerStates.IsValid(registration.State) || registration.State == WorkerStates.Offline)
        {
            throw new ArgumentException($"A worker registers as online, draining or disabled, not '{registration.State}'.", nameof(registration));
        }

        ct.ThrowIfCancellationRequested();
        var keys = scripts.Keys;
        var domain = registration.Domain;
        var added = _domains.AddAsync(domain);
        var result = await scripts.EvaluateAsync(
            LuaSource.Register,
            [
                keys.Worker(domain, registration.WorkerId), keys.Heartbeats(domain), keys.Inflight(domain, registration.WorkerId),
                keys.DomainToken(domain),
            ],
            [
                registration.WorkerId,
                domain,
                registration.Os.ToLowerInvariant(),
                JsonSerializer.Serialize(registration.Tags.Select(t => t.ToLowerInvariant()), RedisJson.Options),
                JsonSerializer.Serialize(registration.AllowedUsers, RedisJson.Options),
                registration.Hostname,
                registration.MaxConcurrency,
                registration.State,
                registration.Version,
                registration.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                registration.Capabilities,
                keys.DispatchWake.ToString(),
                registration.TokenHash ?? "",
            ],
            ct);
        await added;

        var reply = (RedisResult[])result!;
        return new RegistrationResult((string)reply[0]!, ScriptReplies.Strings(reply[1]))
        {
            Verified = reply.Length > 2 && (int)reply[2] == 1,
        };
    }

    public Task<HeartbeatReply> HeartbeatAsync(string domain, string workerId, CancellationToken ct) =>
        HeartbeatAsync(domain, workerId, tokenHash: null, ct);

    /// <summary>
    /// With <paramref name="tokenHash"/>, the heartbeat also checks it against the domain's published token hash and
    /// answers <see cref="WorkerStates.Refused"/> (disabling the worker) when they differ.
    /// </summary>
    public async Task<HeartbeatReply> HeartbeatAsync(string domain, string workerId, string? tokenHash, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        RedisValue[] args = tokenHash is null ? [workerId] : [workerId, tokenHash];
        var result = await scripts.EvaluateAsync(
            LuaSource.Heartbeat,
            [scripts.Keys.Worker(domain, workerId), scripts.Keys.Heartbeats(domain), scripts.Keys.DomainToken(domain)],
            args,
            ct);
        var reply = (RedisResult[])result!;
        var state = (string)reply[0]!;
        return reply.Length > 1
            ? new HeartbeatReply(state, ScriptReplies.Time(reply[1]))
            : new HeartbeatReply(state, null);
    }

    /// <summary>Sets online, draining, disabled or offline. False when Redis does not know the worker.</summary>
    public async Task<bool> SetStateAsync(string domain, string workerId, string state, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        if (!WorkerStates.IsValid(state))
        {
            throw new ArgumentException($"'{state}' is not a worker state; expected one of {string.Join(", ", WorkerStates.All)}.", nameof(state));
        }

        var result = await scripts.EvaluateAsync(
            LuaSource.SetState,
            [scripts.Keys.Worker(domain, workerId)],
            [state, domain, scripts.Keys.DispatchWake.ToString()],
            ct);
        return (int)result == 1;
    }

    /// <summary>Every worker of the domain, ordered by id, with its load and heartbeat age on Redis's clock.</summary>
    public async Task<IReadOnlyList<WorkerInfo>> ListAsync(string domain, TimeSpan? heartbeatTtl, CancellationToken ct)
    {
        var ttl = heartbeatTtl ?? DefaultHeartbeatTtl;
        var result = await scripts.EvaluateAsync(
            LuaSource.ListWorkers,
            [scripts.Keys.Heartbeats(domain)],
            [scripts.Keys.DomainBase(domain)],
            ct).WaitAsync(ct);

        var reply = (RedisResult[])result!;
        var now = ScriptReplies.Time(reply[0]);
        var workers = new List<WorkerInfo>(reply.Length - 1);
        foreach (var row in reply.Skip(1).Select(r => (RedisResult[])r!))
        {
            var fields = ScriptReplies.Hash(row[2]);
            var lastHeartbeat = ScriptReplies.Time(row[1]);
            var age = now - lastHeartbeat;
            workers.Add(new WorkerInfo
            {
                WorkerId = (string)row[0]!,
                Domain = fields.GetValueOrDefault("domain", domain),
                Os = fields.GetValueOrDefault("os", ""),
                Tags = ScriptReplies.JsonList(fields.GetValueOrDefault("tags")),
                AllowedUsers = ScriptReplies.JsonList(fields.GetValueOrDefault("allowed_users")),
                Hostname = fields.GetValueOrDefault("hostname", ""),
                MaxConcurrency = int.TryParse(fields.GetValueOrDefault("max_concurrency"), out var max) ? max : 0,
                State = fields.GetValueOrDefault("state", WorkerStates.Offline),
                Version = fields.GetValueOrDefault("version", ""),
                StartedAt = fields.GetValueOrDefault("started_at", ""),
                Capabilities = fields.GetValueOrDefault("capabilities", "{}"),
                LastHeartbeat = lastHeartbeat,
                HeartbeatAge = age,
                Fresh = age <= ttl,
                QueuedRunIds = ScriptReplies.Strings(row[3]),
                InflightRunIds = ScriptReplies.Strings(row[4]),
            });
        }

        return [.. workers.OrderBy(w => w.WorkerId, StringComparer.Ordinal)];
    }
}
