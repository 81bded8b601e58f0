using Hydra.Functions.Domains;
using Hydra.Functions.Http;
using Hydra.Functions.Jobs;
using Hydra.Functions.Store;
using Microsoft.AspNetCore.Mvc;

namespace Hydra.Functions.Audit;

internal sealed record AuditReply(string Id, string Domain, string Actor, string Action, string Target, DateTimeOffset Ts);

/// <summary>
/// GET /admin/audit: newest first, filtered by <c>?domain=</c> (the admin's x-domain/?domain= choice), <c>actor</c>,
/// <c>action</c>, <c>target</c>, <c>since</c>/<c>until</c> (ISO 8601), paged by <c>limit</c> and the
/// <c>X-Next-Cursor</c> header like every list. Admin only: a domain token never reads the audit log.
/// </summary>
internal static class AuditApi
{
    public static async Task<IResult> List(
        Auth.Caller caller, IAuditStore audit, HttpResponse response, string? actor, string? action, string? target,
        string? since, string? until, string? limit, string? cursor, CancellationToken ct)
    {
        var (size, error) = JobReadApi.ParseLimit(limit);
        if (error is not null)
        {
            return error;
        }

        if (!TryTime(since, out var from))
        {
            return Problems.BadRequest("since", "must be an ISO 8601 timestamp such as 2026-01-02T03:04:05Z");
        }

        if (!TryTime(until, out var to))
        {
            return Problems.BadRequest("until", "must be an ISO 8601 timestamp such as 2026-01-02T03:04:05Z");
        }

        if (Store.PageCursor.TryDecode(cursor) is false)
        {
            return Problems.BadRequest("cursor", "is not one this list returned; start again without it");
        }

        var page = await audit.ListAsync(
            new AuditQuery(caller.Scope, Empty(actor), Empty(action), Empty(target), from, to, size, Empty(cursor)), ct);
        if (page.NextCursor is not null)
        {
            response.Headers["X-Next-Cursor"] = page.NextCursor;
        }

        return Results.Json(
            page.Items.Select(e => new AuditReply(e.Id, e.Domain, e.Actor, e.Action, e.Target, e.CreatedAt)).ToList(),
            TenancyJsonContext.Default.ListAuditReply);
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed.ToUniversalTime();
            return true;
        }

        return false;
    }
}
