using Hydra.Functions.Audit;
using Hydra.Functions.Auth;
using Hydra.Functions.Coordination;
using Hydra.Functions.Http;
using Hydra.Functions.Store;
using Hydra.Shared.Redis;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Domains;

/// <summary>
/// GET/POST /admin/domains, PUT/DELETE /admin/domains/{d}, POST /admin/domains/{d}/token. Admin only (the function
/// table says so). A token is shown once, in the create or rotate answer; the store keeps its SHA-256 only, and the
/// hash is published to Redis before the answer, so workers are checked against the new token at once.
/// </summary>
internal static class DomainApi
{
    private const int MaxTextLength = 1000;

    public static async Task<IResult> List(
        IDomainStore domains, WorkerRegistry registry, IOptions<CoordinationOptions> options, CancellationToken ct)
    {
        var replies = new List<DomainReply>();
        foreach (var summary in await domains.ListAsync(ct))
        {
            var workers = await registry.ListAsync(summary.Domain.Domain, options.Value.HeartbeatTtl, ct);
            replies.Add(Reply(summary, workers.Count));
        }

        return Results.Json(replies, TenancyJsonContext.Default.ListDomainReply);
    }

    public static async Task<IResult> Create(
        Caller caller, HttpRequest request, IDomainStore domains, DomainTokens tokens, DomainSet set, AuditTrail audit,
        TimeProvider time, CancellationToken ct)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(request, ct);
        if (body is null)
        {
            return problem!;
        }

        // hydra-jobs clients send "domain"; "name" is accepted too.
        var field = body.Has("domain") || !body.Has("name") ? "domain" : "name";
        var name = body.String(field, DomainNames.MaxLength + 1);
        var displayName = body.String("display_name", MaxTextLength);
        var description = body.String("description", MaxTextLength);
        if (body.Errors.Count == 0 && DomainNames.Check(name) is { } rule)
        {
            body.Fail(field, rule);
        }

        if (body.Errors.Count > 0)
        {
            return Problems.Validation([.. body.Errors]);
        }

        var token = TokenHash.NewToken();
        var hash = TokenHash.Of(token);
        var now = time.GetUtcNow();
        if (!await domains.InsertAsync(new DomainRecord(name!, displayName ?? name, description, hash, now, now), ct))
        {
            return Problems.Conflict($"Domain '{name}' already exists; rotate its token with POST /api/admin/domains/{name}/token.");
        }

        var added = set.AddAsync(name!);
        await tokens.PublishAsync(name!, hash, ct);
        await added;
        await audit.RecordAsync(caller, name!, AuditActions.DomainCreate, "domain/" + name, ct);
        return Results.Json(new DomainTokenReply(true, name!, token), TenancyJsonContext.Default.DomainTokenReply,
            statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> Update(
        Caller caller, string d, HttpRequest request, IDomainStore domains, WorkerRegistry registry,
        IOptions<CoordinationOptions> options, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(request, ct);
        if (body is null)
        {
            return problem!;
        }

        var stored = await domains.GetAsync(d, ct);
        if (stored is null)
        {
            return NotFound(d);
        }

        var displayName = body.Has("display_name") ? body.String("display_name", MaxTextLength) : stored.DisplayName;
        var description = body.Has("description") ? body.String("description", MaxTextLength) : stored.Description;
        if (body.Errors.Count > 0)
        {
            return Problems.Validation([.. body.Errors]);
        }

        if (!body.Has("display_name") && !body.Has("description"))
        {
            return Problems.BadRequest("body", "has no fields to update (display_name, description)");
        }

        if (!await domains.UpdateAsync(d, displayName, description, time.GetUtcNow(), ct))
        {
            return NotFound(d);
        }

        await audit.RecordAsync(caller, d, AuditActions.DomainUpdate, "domain/" + d, ct);
        var summary = (await domains.ListAsync(ct)).Single(s => s.Domain.Domain == d);
        var workers = await registry.ListAsync(d, options.Value.HeartbeatTtl, ct);
        return Results.Json(Reply(summary, workers.Count), TenancyJsonContext.Default.DomainReply);
    }

    internal static IResult NotFound(string d) => Problems.NotFound($"Domain '{d}' was not found.");

    private static DomainReply Reply(DomainSummary s, int workers) => new(
        s.Domain.Domain, s.Domain.DisplayName, s.Domain.Description, s.JobsCount, s.RunsCount, workers,
        s.Domain.CreatedAt, s.Domain.UpdatedAt);
}
