using Hydra.Functions.Audit;
using Hydra.Functions.Auth;
using Hydra.Functions.Coordination;
using Hydra.Functions.Http;
using Hydra.Functions.Store;
using Hydra.Shared.Redis;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Domains;

/// <summary>POST /admin/domains/{d}/token (rotate) and DELETE /admin/domains/{d} (with ?force=true when not empty).</summary>
internal static class DomainLifecycleApi
{
    /// <summary>
    /// A new token; the old one fails at once: API callers are looked up in the store on every request, and workers
    /// holding it are refused by the same Redis step that publishes the new hash (domain_token.lua).
    /// </summary>
    public static async Task<IResult> RotateToken(
        Caller caller, string d, IDomainStore domains, DomainTokens tokens, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var token = TokenHash.NewToken();
        var hash = TokenHash.Of(token);
        if (!await domains.SetTokenHashAsync(d, hash, time.GetUtcNow(), ct))
        {
            return DomainApi.NotFound(d);
        }

        await tokens.PublishAsync(d, hash, ct);
        await audit.RecordAsync(caller, d, AuditActions.DomainToken, "domain/" + d, ct);
        return Results.Json(new DomainTokenReply(true, d, token), TenancyJsonContext.Default.DomainTokenReply);
    }

    /// <summary>
    /// Deletes the domain with its jobs, runs, secrets and Redis keys. A domain that still has jobs or workers needs
    /// <c>?force=true</c>: deleting it stops work that is running or scheduled, which must not happen by accident.
    /// </summary>
    public static async Task<IResult> Delete(
        Caller caller, string d, string? force, IDomainStore domains, WorkerRegistry registry, DomainPurge purge,
        IOptions<CoordinationOptions> options, AuditTrail audit, CancellationToken ct)
    {
        bool forced;
        if (string.IsNullOrEmpty(force))
        {
            forced = false;
        }
        else if (!bool.TryParse(force, out forced))
        {
            return Problems.BadRequest("force", "must be true or false");
        }

        var summary = (await domains.ListAsync(ct)).FirstOrDefault(s => s.Domain.Domain == d);
        if (summary is null)
        {
            return DomainApi.NotFound(d);
        }

        var workers = (await registry.ListAsync(d, options.Value.HeartbeatTtl, ct)).Count;
        if (!forced && (summary.JobsCount > 0 || workers > 0))
        {
            return Problems.Conflict(
                $"Domain '{d}' still has {summary.JobsCount} job(s) and {workers} worker(s); delete it with ?force=true to remove them too.");
        }

        // Redis first: its workers are refused before the store forgets the domain, so none keeps taking runs.
        var removed = await purge.PurgeAsync(d, ct);
        await domains.DeleteAsync(d, ct);
        await audit.RecordAsync(caller, d, AuditActions.DomainDelete, "domain/" + d, ct);
        return Results.Json(new DomainDeletedReply(true, d, true, removed), TenancyJsonContext.Default.DomainDeletedReply);
    }
}
