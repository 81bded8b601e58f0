using System.Net;
using System.Text.Json.Nodes;
using Hydra.Functions.Auth;
using Hydra.Shared.Redis;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Tenancy;

/// <summary>One domain of a test app and what it owns: its token, a job, a queued run, a registered worker, a secret.</summary>
internal sealed record Tenant(string Domain, string Token, string JobId, string RunId, string WorkerId, string Secret);

/// <summary>Creates domains through the admin API and fills them with one object of each kind.</summary>
internal static class TenantScope
{
    public static async Task<(string Domain, string Token)> CreateDomainAsync(HydraTestApp app, string? name = null)
    {
        name ??= TestServices.UniqueName("dom");
        using var response = await app.Client.PostAsync("/api/admin/domains", ApiClient.Json($$"""{"domain":"{{name}}"}"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating domain {name} answered {(int)response.StatusCode}: {body}");
        return (name, JsonNode.Parse(body)!["token"]!.GetValue<string>());
    }

    public static async Task<string> RotateAsync(HydraTestApp app, string domain)
    {
        using var response = await app.Client.PostAsync($"/api/admin/domains/{domain}/token", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())["token"]!.GetValue<string>();
    }

    /// <summary>A domain with a job (whose run stays queued: no worker takes it), a registered worker and a secret.</summary>
    public static async Task<Tenant> CreateTenantAsync(HydraTestApp app)
    {
        var (domain, token) = await CreateDomainAsync(app);
        using var client = app.NewClient(token);
        var job = await client.PostJobAsync(ApiClient.ShellJob("tenant-job-" + domain, "echo hi",
            ""","affinity":{"tags":["nobody-has-this-tag"]},"schedule":{"mode":"interval","interval_seconds":3600,"enabled":false}"""));
        var jobId = job["_id"]!.GetValue<string>();
        using var run = await client.PostAsync($"/api/jobs/{jobId}/run", null);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var runId = (await run.ReadJsonAsync())["run_id"]!.GetValue<string>();

        var workerId = "w-" + domain;
        await app.Get<WorkerRegistry>().RegisterAsync(new WorkerRegistration
        {
            Domain = domain, WorkerId = workerId, Os = "linux", Hostname = "test-host", MaxConcurrency = 1,
            TokenHash = TokenHash.Of(token),
        }, CancellationToken.None);

        using var secret = await client.PutAsync("/api/secrets/db", ApiClient.Json("""{"value":"tenant-secret-value"}"""));
        Assert.Equal(HttpStatusCode.Created, secret.StatusCode);
        return new Tenant(domain, token, jobId, runId, workerId, "db");
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? json = "{}", CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null && method != HttpMethod.Get)
        {
            request.Content = ApiClient.Json(json);
        }

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }
}
