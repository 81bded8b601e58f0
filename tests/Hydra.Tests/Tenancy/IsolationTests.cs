using System.Net;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Tenancy;

/// <summary>A domain never sees another domain's jobs, runs, workers, secrets or audit entries, through any list or get.</summary>
public sealed class IsolationTests : IAsyncLifetime
{
    private HydraTestApp _app = null!;
    private Tenant _a = null!;
    private Tenant _b = null!;

    public async Task InitializeAsync()
    {
        _app = await HydraTestApp.StartAsync();
        _a = await TenantScope.CreateTenantAsync(_app);
        _b = await TenantScope.CreateTenantAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static readonly string[] Lists =
        ["/api/jobs", "/api/history", "/api/overview/jobs", "/api/workers", "/api/secrets", "/api/health"];

    [Fact]
    public async Task No_list_shows_another_domains_objects()
    {
        using var client = _app.NewClient(_b.Token);
        var lists = Lists.Concat([$"/api/jobs/{_b.JobId}/runs", $"/api/history?job_id={_a.JobId}", $"/api/jobs?search=tenant-job"]);
        foreach (var path in lists)
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {body}");
            foreach (var foreign in new[] { _a.Domain, _a.JobId, _a.RunId, _a.WorkerId })
            {
                Assert.DoesNotContain(foreign, body, StringComparison.Ordinal);
            }
        }

        // And each list does show the caller's own objects, so the checks above are not vacuous.
        Assert.Contains(_b.JobId, await client.GetStringAsync("/api/jobs"), StringComparison.Ordinal);
        Assert.Contains(_b.RunId, await client.GetStringAsync("/api/history"), StringComparison.Ordinal);
        Assert.Contains(_b.WorkerId, await client.GetStringAsync("/api/workers"), StringComparison.Ordinal);
        Assert.Contains("\"db\"", await client.GetStringAsync("/api/secrets"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_get_of_another_domains_object_is_a_404()
    {
        using var client = _app.NewClient(_b.Token);
        foreach (var path in new[] { $"/api/jobs/{_a.JobId}", $"/api/jobs/{_a.JobId}/runs", $"/api/runs/{_a.RunId}" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
        }

        using var delete = await client.DeleteAsync($"/api/secrets/{_a.Secret}");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode); // B's own secret of the same name
        using var admin = _app.NewClient(HydraTestApp.AdminToken);
        admin.DefaultRequestHeaders.Add("x-domain", _a.Domain);
        Assert.Contains("\"db\"", await admin.GetStringAsync("/api/secrets"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_domains_objects_cannot_be_changed()
    {
        using var client = _app.NewClient(_b.Token);
        (HttpMethod, string, string?)[] writes =
        [
            (HttpMethod.Put, $"/api/jobs/{_a.JobId}", """{"name":"stolen"}"""),
            (HttpMethod.Delete, $"/api/jobs/{_a.JobId}", null),
            (HttpMethod.Post, $"/api/jobs/{_a.JobId}/run", null),
            (HttpMethod.Post, $"/api/jobs/{_a.JobId}/validate", "{}"),
            (HttpMethod.Post, $"/api/workers/{_a.WorkerId}/state", """{"state":"disabled"}"""),
        ];
        foreach (var (method, path, body) in writes)
        {
            using var response = await TenantScope.SendAsync(client, method, path, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} answered {(int)response.StatusCode}");
        }

        using var own = _app.NewClient(_a.Token);
        var job = (await (await own.GetAsync($"/api/jobs/{_a.JobId}")).ReadJsonAsync()).AsObject();
        Assert.Equal("tenant-job-" + _a.Domain, job["name"]!.GetValue<string>());
        Assert.Contains("\"online\"", await own.GetStringAsync("/api/workers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_log_is_the_admins_and_filters_by_domain()
    {
        using var domainClient = _app.NewClient(_b.Token);
        using var refused = await domainClient.GetAsync("/api/admin/audit");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var admin = _app.NewClient(HydraTestApp.AdminToken);
        admin.DefaultRequestHeaders.Add("x-domain", _b.Domain);
        var entries = (await (await admin.GetAsync("/api/admin/audit?limit=500")).ReadJsonAsync()).AsArray();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal(_b.Domain, e!["domain"]!.GetValue<string>()));
        Assert.Contains(entries, e => e!["action"]!.GetValue<string>() == "job.create"
            && e["actor"]!.GetValue<string>().StartsWith("domain:", StringComparison.Ordinal));
    }
}
