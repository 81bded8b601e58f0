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

    public Task<RegistrationResult> RegisterAsync(WorkerRegistration registration, CancellationToken ct) =>
        RegisterAsync(registration, freshStart: false, ct);

    /// <summary>
    /// Registers. With <paramref name="freshStart"/> (the worker process just started and runs nothing) every attempt
    /// its previous life left in flight is failed over at once — recorded lost, re-dispatched as the next attempt —
    /// instead of waiting for the heartbeat TTL; the reply still names them.
    /// </summary>
    public async Task<RegistrationResult> RegisterAsync(WorkerRegistration registration, bool freshStart, CancellationToken ct)
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
                keys.Ingest(domain), keys.IngestSequence(domain),
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
                freshStart ? "1" : "0",
                keys.IngestWake.ToString(),
                keys.DomainBase(domain),
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
        HeartbeatAsync(domain, workerId, tokenHash: null, [], ct);

    /// <summary>Heartbeat with the worker's token hash checked (see the overload with leases).</summary>
    public Task<HeartbeatReply> HeartbeatAsync(string domain, string workerId, string? tokenHash, CancellationToken ct) =>
        HeartbeatAsync(domain, workerId, tokenHash, [], ct);

    /// <summary>
    /// Heartbeat naming the attempts the worker is running (run id → lease token). The reply says which of those
    /// leases are gone (stop them: the run was failed over or Redis lost it) and which runs were asked to cancel.
    /// With <paramref name="tokenHash"/>, it also checks the worker's token against the domain's published hash and
    /// answers <see cref="WorkerStates.Refused"/> (disabling the worker) when they differ.
    /// </summary>
    public async Task<HeartbeatReply> HeartbeatAsync(
        string domain, string workerId, string? tokenHash, IReadOnlyCollection<KeyValuePair<string, string>> leases, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentNullException.ThrowIfNull(leases);
        var args = new List<RedisValue>(3 + (2 * leases.Count)) { workerId, scripts.Keys.DomainBase(domain), tokenHash ?? "" };
        foreach (var (runId, lease) in leases)
        {
            args.Add(runId);
            args.Add(lease);
        }

        var result = await scripts.EvaluateAsync(
            LuaSource.Heartbeat,
            [scripts.Keys.Worker(domain, workerId), scripts.Keys.Heartbeats(domain), scripts.Keys.DomainToken(domain)],
            [.. args],
            ct);
        var reply = (RedisResult[])result!;
        var state = (string)reply[0]!;
        return reply.Length > 1
            ? new HeartbeatReply(state, ScriptReplies.Time(reply[1]))
            {
                LostRunIds = reply.Length > 2 ? ScriptReplies.Strings(reply[2]) : [],
                CancelRunIds = reply.Length > 3 ? ScriptReplies.Strings(reply[3]) : [],
            }
            : new HeartbeatReply(state, null);
    }

    /// <summary>Sets online, draining, disabled or offline, as an operator. False when Redis does not know the worker.</summary>
    public Task<bool> SetStateAsync(string domain, string workerId, string state, CancellationToken ct) =>
        SetStateAsync(domain, workerId, state, byWorker: false, ct);

    /// <summary>
    /// Sets the state. Runs queued for a worker that is no longer online go back to pending. An operator's draining
    /// or disabled outlives the worker's restart; the worker's own (<paramref name="byWorker"/>: draining while it
    /// shuts down) does not.
    /// </summary>
    public async Task<bool> SetStateAsync(string domain, string workerId, string state, bool byWorker, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        if (!WorkerStates.IsValid(state))
        {
            throw new ArgumentException($"'{state}' is not a worker state; expected one of {string.Join(", ", WorkerStates.All)}.", nameof(state));
        }

        var result = await scripts.EvaluateAsync(
            LuaSource.SetState,
            [scripts.Keys.Worker(domain, workerId)],
            [state, domain, scripts.Keys.DispatchWake.ToString(), scripts.Keys.DomainBase(domain), byWorker ? "worker" : "operator"],
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
