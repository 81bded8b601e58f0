namespace Hydra.Shared.Redis;

/// <summary>What a worker host announces about itself when it registers (from WORKER_* settings and the machine).</summary>
internal sealed record WorkerRegistration
{
    public required string Domain { get; init; }
    public required string WorkerId { get; init; }
    /// <summary>linux, windows, macos; stored lower-case.</summary>
    public required string Os { get; init; }
    /// <summary>Stored lower-case: tag matching is case-insensitive.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Empty: any user's jobs. Otherwise only jobs whose <c>user</c> is listed (case-sensitive).</summary>
    public IReadOnlyList<string> AllowedUsers { get; init; } = [];
    public required string Hostname { get; init; }
    public required int MaxConcurrency { get; init; }
    /// <summary>WORKER_STATE; an operator's draining or disabled already in Redis wins over it.</summary>
    public string State { get; init; } = WorkerStates.Online;
    public string Version { get; init; } = "";
    /// <summary>When the worker process started, by the worker's TimeProvider (shown, never compared).</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>Opaque JSON the worker advertises (interpreters found, shells); stored as given.</summary>
    public string Capabilities { get; init; } = "{}";
    /// <summary>SHA-256 hex of WORKER_DOMAIN_TOKEN; register.lua refuses it when it differs from the domain's published hash.</summary>
    public string? TokenHash { get; init; }
}

/// <summary>The answer to a registration: the state the worker is in, and the runs its previous life left in flight.</summary>
/// <summary>
/// <see cref="State"/> is <see cref="WorkerStates.Refused"/> when the token did not match (nothing was written).
/// <see cref="Verified"/> is false when the function app had not published the domain's token hash yet.
/// </summary>
internal sealed record RegistrationResult(string State, IReadOnlyList<string> PreviousInflight)
{
    public bool Verified { get; init; }
}

/// <summary>
/// The answer to a heartbeat: the worker's state (<see cref="WorkerStates.Unknown"/> or <see cref="WorkerStates.Offline"/>
/// when it must register again), Redis's clock, and commands: runs whose lease is gone (stop them; any report is
/// superseded) and runs asked to cancel (the fallback for a missed <c>cancel:</c> wake message).
/// </summary>
internal sealed record HeartbeatReply(string State, DateTimeOffset? ServerTime)
{
    public IReadOnlyList<string> LostRunIds { get; init; } = [];
    public IReadOnlyList<string> CancelRunIds { get; init; } = [];
}
