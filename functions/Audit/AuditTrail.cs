using Hydra.Functions.Auth;
using Hydra.Functions.Store;

namespace Hydra.Functions.Audit;

/// <summary>Action names of the audit log: <c>area.verb</c>.</summary>
internal static class AuditActions
{
    public const string JobCreate = "job.create";
    public const string JobUpdate = "job.update";
    public const string JobDelete = "job.delete";
    public const string JobRun = "job.run";
    public const string JobPause = "job.pause";
    public const string JobResume = "job.resume";
    public const string RunCancel = "run.cancel";
    public const string RunRetry = "run.retry";
    public const string WorkerState = "worker.state";
    public const string DomainCreate = "domain.create";
    public const string DomainUpdate = "domain.update";
    public const string DomainDelete = "domain.delete";
    public const string DomainToken = "domain.token";
    public const string SecretPut = "secret.put";
    public const string SecretDelete = "secret.delete";
}

/// <summary>
/// Records who did what to which object, after the change succeeded. The actor names the token by the first 12 hex
/// characters of its hash (<see cref="Caller.Actor"/>): enough to tell tokens apart, useless to an attacker.
/// Ids are UUIDv7 (time-ordered), so entries written in one millisecond still page in a stable order.
/// </summary>
internal sealed class AuditTrail(IAuditStore store, TimeProvider time)
{
    public Task RecordAsync(Caller caller, string domain, string action, string target, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return store.AppendAsync(
            new AuditEntry(Guid.CreateVersion7(now).ToString("N"), domain, caller.Actor, action, target, now), ct);
    }
}
