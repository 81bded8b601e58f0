using Hydra.Functions.Audit;
using Hydra.Functions.Auth;
using Hydra.Functions.Domains;
using Hydra.Functions.Http;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;

namespace Hydra.Functions.Secrets;

internal sealed record SecretReply(string Name, string Domain, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record SecretDeletedReply(string Name, bool Deleted);

/// <summary>
/// PUT /secrets/{name} <c>{"value": "…"}</c>, GET /secrets (names only), DELETE /secrets/{name}, in the caller's
/// domain. No route ever answers a value: it leaves the function app only inside a dispatch payload for a worker.
/// </summary>
internal static class SecretApi
{
    /// <summary>Secrets are environment variables: 64 KiB is far beyond any credential and well under the body cap.</summary>
    public const int MaxValueLength = 64 * 1024;

    public static async Task<IResult> Put(
        Caller caller, string name, HttpRequest request, ISecretStore secrets, SecretBox box, AuditTrail audit,
        TimeProvider time, CancellationToken ct)
    {
        if (!box.Configured)
        {
            return Problems.Unavailable("Secrets are not available: the function app has no HYDRA_SECRETS_KEY.");
        }

        if (!ExecutorRules.IsSecretName(name))
        {
            return Problems.BadRequest("name", "must be 1-128 letters, digits, '.', '-' or '_'");
        }

        var (body, problem) = await JsonObjectBody.ReadAsync(request, ct);
        if (body is null)
        {
            return problem!;
        }

        var value = body.String("value", MaxValueLength);
        if (body.Errors.Count == 0 && value is null)
        {
            body.Fail("value", "is required: the secret's value as a string");
        }

        if (body.Errors.Count > 0)
        {
            return Problems.Validation([.. body.Errors]);
        }

        var created = await secrets.PutAsync(caller.Domain, name, box.Seal(caller.Domain, name, value!), time.GetUtcNow(), ct);
        await audit.RecordAsync(caller, caller.Domain, AuditActions.SecretPut, "secret/" + name, ct);
        var entry = (await secrets.ListAsync(caller.Domain, ct)).Single(s => s.Name == name);
        return Results.Json(Reply(entry), TenancyJsonContext.Default.SecretReply,
            statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>The caller's domain's secrets (an admin lists the domain it acts in): names and times only.</summary>
    public static async Task<IResult> List(Caller caller, ISecretStore secrets, CancellationToken ct) =>
        Results.Json((await secrets.ListAsync(caller.Domain, ct)).Select(Reply).ToList(), TenancyJsonContext.Default.ListSecretReply);

    public static async Task<IResult> Delete(Caller caller, string name, ISecretStore secrets, AuditTrail audit, CancellationToken ct)
    {
        if (!await secrets.DeleteAsync(caller.Domain, name, ct))
        {
            return Problems.NotFound($"Secret '{name}' was not found.");
        }

        await audit.RecordAsync(caller, caller.Domain, AuditActions.SecretDelete, "secret/" + name, ct);
        return Results.Json(new SecretDeletedReply(name, true), TenancyJsonContext.Default.SecretDeletedReply);
    }

    private static SecretReply Reply(SecretEntry e) => new(e.Name, e.Domain, e.CreatedAt, e.UpdatedAt);
}
