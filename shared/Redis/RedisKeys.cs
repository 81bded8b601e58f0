using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>
/// The Redis key layout (PROTOCOL.md). Every key of a domain starts with <c>P:{domain}:</c>: the hash tag keeps a
/// domain's multi-key scripts on one Redis Cluster slot, and the scripts build the keys they discover (a worker's
/// queue, a run's hash) from that same base, so the layout here and in the Lua files must agree.
/// The prefix (default <c>hydra</c>) lets tests, and several deployments on one Redis, stay apart.
/// </summary>
internal sealed class RedisKeys
{
    public const string DefaultPrefix = "hydra";

    public RedisKeys(string prefix = DefaultPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (prefix.Contains('{', StringComparison.Ordinal) || prefix.Contains('}', StringComparison.Ordinal))
        {
            throw new ArgumentException("A key prefix must not contain '{' or '}': they would change the cluster hash tag.", nameof(prefix));
        }

        Prefix = prefix;
    }

    public string Prefix { get; }

    /// <summary>The base every key of a domain starts with; scripts append to it.</summary>
    public string DomainBase(string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        if (domain.Contains('{', StringComparison.Ordinal) || domain.Contains('}', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Domain '{domain}' contains '{{' or '}}', which would break its cluster hash tag.", nameof(domain));
        }

        return $"{Prefix}:{{{domain}}}:";
    }

    public RedisKey Worker(string domain, string workerId) => DomainBase(domain) + "worker:" + workerId;

    public RedisKey Heartbeats(string domain) => DomainBase(domain) + "heartbeats";

    public RedisKey Queue(string domain, string workerId) => DomainBase(domain) + "queue:" + workerId;

    public RedisKey Inflight(string domain, string workerId) => DomainBase(domain) + "inflight:" + workerId;

    public RedisKey Run(string domain, string runId) => DomainBase(domain) + "run:" + runId;

    public RedisKey Pending(string domain) => DomainBase(domain) + "pending";

    /// <summary>Retries waiting out their backoff; score = when due (ms, Redis TIME).</summary>
    public RedisKey Delayed(string domain) => DomainBase(domain) + "delayed";

    public RedisKey Ingest(string domain) => DomainBase(domain) + "ingest";

    /// <summary>Numbers ingest records so an acknowledgement can tell whether the head is still the batch it read.</summary>
    public RedisKey IngestSequence(string domain) => DomainBase(domain) + "ingest:seq";

    public RedisKey Log(string domain, string runId) => DomainBase(domain) + "log:" + runId;

    /// <summary>The domain's event stream (bounded; see EventLog).</summary>
    public RedisKey Events(string domain) => DomainBase(domain) + "events";

    /// <summary>The SHA-256 hex of the domain's current token (or <c>deleted</c>), published by the function app for workers' registration.</summary>
    public RedisKey DomainToken(string domain) => DomainBase(domain) + "token";

    /// <summary>Not a domain key: it lives in its own slot, so scripts never touch it (see DomainSet).</summary>
    public RedisKey Domains => Prefix + ":domains";

    /// <summary>Message: the run id pushed to that worker's queue.</summary>
    public RedisChannel WorkerWake(string domain, string workerId) => new(DomainBase(domain) + "wake:" + workerId, RedisChannel.PatternMode.Literal);

    /// <summary>Message: the domain that has records to ingest.</summary>
    public RedisChannel IngestWake => new(Prefix + ":wake:ingest", RedisChannel.PatternMode.Literal);

    /// <summary>Message: the domain whose event stream got new entries.</summary>
    public RedisChannel EventsWake => new(Prefix + ":wake:events", RedisChannel.PatternMode.Literal);

    /// <summary>Message: <c>runId domain</c> whose live log got new chunks (run ids are hex, so the first space splits).</summary>
    public RedisChannel LogWake => new(Prefix + ":wake:log", RedisChannel.PatternMode.Literal);

    /// <summary>Message: the domain where a worker came online or a slot freed, so pending runs may be placed.</summary>
    public RedisChannel DispatchWake => new(Prefix + ":wake:dispatch", RedisChannel.PatternMode.Literal);
}
