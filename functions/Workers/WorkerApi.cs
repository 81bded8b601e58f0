using System.Text.Json;
using Hydra.Functions.Audit;
using Hydra.Functions.Auth;
using Hydra.Functions.Coordination;
using Hydra.Functions.Events;
using Hydra.Functions.Http;
using Hydra.Functions.Timers;
using Hydra.Shared.Events;
using Hydra.Shared.Redis;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Workers;

/// <summary>GET /workers and POST /workers/{id}/state (online / draining / disabled, from the query or a JSON body).</summary>
internal static class WorkerApi
{
    private static readonly string[] SettableStates = [WorkerStates.Online, WorkerStates.Draining, WorkerStates.Disabled];

    public static async Task<IResult> List(
        Caller caller, WorkerRegistry registry, DomainSet domains, IOptions<CoordinationOptions> options, CancellationToken ct)
    {
        var scope = caller.Scope is { } domain ? [domain] : await domains.ListAsync(ct);
        var replies = new List<WorkerReply>();
        foreach (var d in scope)
        {
            replies.AddRange((await registry.ListAsync(d, options.Value.HeartbeatTtl, ct)).Select(WorkerReply.From));
        }

        return Results.Json(replies.OrderBy(w => w.Domain, StringComparer.Ordinal).ThenBy(w => w.WorkerId, StringComparer.Ordinal).ToList(),
            ApiJsonContext.Default.ListWorkerReply);
    }

    public static async Task<IResult> SetState(
        Caller caller, string id, HttpRequest request, string? state, WorkerRegistry registry, DomainSet domains,
        TimerWakeups wakeups, IEventPublisher events, AuditTrail audit, CancellationToken ct)
    {
        var requested = state ?? await StateFromBodyAsync(request, ct);
        var scope = caller.Scope is { } domain ? [domain] : await domains.ListAsync(ct);
        if (string.IsNullOrWhiteSpace(requested) || !SettableStates.Contains(requested.Trim().ToLowerInvariant()))
        {
            // Another domain's worker is a 404 whatever the body says: its existence is not revealed.
            var known = false;
            foreach (var d in scope)
            {
                known |= (await registry.ListAsync(d, null, ct)).Any(w => w.WorkerId == id);
            }

            return known
                ? Problems.BadRequest("state", $"must be one of {string.Join(", ", SettableStates)}")
                : Problems.NotFound($"Worker '{id}' was not found.");
        }

        requested = requested.Trim().ToLowerInvariant();
        foreach (var d in scope)
        {
            if (await registry.SetStateAsync(d, id, requested, ct))
            {
                await events.PublishAsync(d, [EventDraft.WorkerStateChanged(id, requested)], ct);
                await audit.RecordAsync(caller, d, AuditActions.WorkerState, $"worker/{id}:{requested}", ct);
                if (requested == WorkerStates.Online)
                {
                    // Pending runs may fit on it now.
                    wakeups.Wake(SweepNames.Dispatch);
                }

                return Results.Json(new WorkerStateReply(id, d, requested), ApiJsonContext.Default.WorkerStateReply);
            }
        }

        return Problems.NotFound($"Worker '{id}' was not found.");
    }

    private static async Task<string?> StateFromBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0)
        {
            return null;
        }

        var body = await JsonRequestBody.ReadAsync(request, ct);
        if (body.Body is null)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body.Body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("state", out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record WorkerStateReply(string WorkerId, string Domain, string State);
