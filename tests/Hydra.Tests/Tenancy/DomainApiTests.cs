using System.Net;
using System.Text.RegularExpressions;
using Hydra.Shared.Redis;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;
using StackExchange.Redis;

namespace Hydra.Tests.Tenancy;

/// <summary>Domains: bootstrap, create, rotate, update, delete (force), the admin's domain, and what /health reveals.</summary>
public sealed partial class DomainApiTests : IAsyncLifetime
{
    private HydraTestApp _app = null!;

    public async Task InitializeAsync() => _app = await HydraTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task First_start_creates_the_bootstrap_domain_whose_token_works_and_is_the_admins_default()
    {
        Assert.Equal("prod", _app.BootstrapDomain);
        Assert.Matches(HexToken(), _app.BootstrapToken);
        using var client = _app.NewClient(_app.BootstrapToken);
        var job = await client.PostJobAsync(ApiClient.ShellJob("boot", "true"));
        Assert.Equal("prod", job["domain"]!.GetValue<string>());

        var adminJob = await _app.Client.PostJobAsync(ApiClient.ShellJob("admin-default", "true"));
        Assert.Equal("prod", adminJob["domain"]!.GetValue<string>());
        var domains = (await (await _app.Client.GetAsync("/api/admin/domains")).ReadJsonAsync()).AsArray();
        var prod = Assert.Single(domains, d => d!["domain"]!.GetValue<string>() == "prod")!;
        Assert.Equal(2, prod["jobs_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_created_domain_gets_a_48_hex_token_once_and_a_second_create_conflicts()
    {
        var (name, token) = await TenantScope.CreateDomainAsync(_app);
        Assert.Matches(HexToken(), token);

        using var again = await _app.Client.PostAsync("/api/admin/domains", ApiClient.Json($$"""{"domain":"{{name}}"}"""));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var listed = await _app.Client.GetStringAsync("/api/admin/domains");
        Assert.Contains(name, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"domain":"Has Spaces"}""", "domain")]
    [InlineData("""{"domain":"{tag}"}""", "domain")]
    [InlineData("""{"domain":42}""", "domain")]
    [InlineData("""{}""", "domain")]
    [InlineData("""{"domain":"ok","description":[1]}""", "description")]
    [InlineData("""[1,2]""", "body")]
    public async Task A_bad_domain_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await _app.Client.PostAsync("/api/admin/domains", ApiClient.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]![field]);
    }

    [Fact]
    public async Task Rotation_makes_the_old_token_fail_at_once_and_the_new_one_work()
    {
        var (name, old) = await TenantScope.CreateDomainAsync(_app);
        var fresh = await TenantScope.RotateAsync(_app, name);

        using var oldClient = _app.NewClient(old);
        using var refused = await oldClient.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var newClient = _app.NewClient(fresh);
        using var accepted = await newClient.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(Hydra.Functions.Auth.TokenHash.Of(fresh), await _app.Get<DomainTokens>().GetAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task Tokens_are_read_from_the_api_key_header_a_bearer_header_or_the_query()
    {
        using var client = _app.NewClient(null);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _app.BootstrapToken);
        using var byBearer = await client.SendAsync(bearer);
        using var byQuery = await client.GetAsync($"/api/jobs?token={_app.BootstrapToken}");

        Assert.Equal(HttpStatusCode.OK, byBearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_domain_with_jobs_needs_force_and_then_removes_its_jobs_and_redis_keys()
    {
        var tenant = await TenantScope.CreateTenantAsync(_app);
        using var refused = await _app.Client.DeleteAsync($"/api/admin/domains/{tenant.Domain}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        using var deleted = await _app.Client.DeleteAsync($"/api/admin/domains/{tenant.Domain}?force=true");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True((await deleted.ReadJsonAsync())["redis_keys_removed"]!.GetValue<int>() > 0);

        using var job = await _app.Client.GetAsync($"/api/jobs/{tenant.JobId}");
        Assert.Equal(HttpStatusCode.NotFound, job.StatusCode);
        using var oldToken = _app.NewClient(tenant.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldToken.GetAsync("/api/jobs")).StatusCode);
        var keys = _app.Get<RedisKeys>();
        var server = _app.Get<IConnectionMultiplexer>().GetServer(_app.Get<IConnectionMultiplexer>().GetEndPoints()[0]);
        var left = server.Keys(pattern: keys.DomainBase(tenant.Domain) + "*").Select(k => (string)k!).ToList();
        Assert.Equal([(string)keys.DomainToken(tenant.Domain)!], left);
        Assert.Equal(DomainTokens.Deleted, await _app.Get<DomainTokens>().GetAsync(tenant.Domain, CancellationToken.None));
    }

    [Fact]
    public async Task An_admin_naming_an_unknown_domain_gets_a_404_and_lists_every_domain_when_naming_none()
    {
        var a = await TenantScope.CreateTenantAsync(_app);
        var b = await TenantScope.CreateTenantAsync(_app);
        using var named = _app.NewClient(HydraTestApp.AdminToken);
        named.DefaultRequestHeaders.Add("x-domain", "no-such-domain");
        Assert.Equal(HttpStatusCode.NotFound, (await named.GetAsync("/api/jobs")).StatusCode);

        var all = await _app.Client.GetStringAsync("/api/jobs");
        Assert.Contains(a.JobId, all, StringComparison.Ordinal);
        Assert.Contains(b.JobId, all, StringComparison.Ordinal);
        var onlyA = await _app.Client.GetStringAsync($"/api/jobs?domain={a.Domain}");
        Assert.Contains(a.JobId, onlyA, StringComparison.Ordinal);
        Assert.DoesNotContain(b.JobId, onlyA, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_without_a_token_reveals_status_only()
    {
        using var anonymous = _app.NewClient(null);
        var bare = (await (await anonymous.GetAsync("/api/health")).ReadJsonAsync()).AsObject();
        var detailed = (await (await _app.Client.GetAsync("/api/health")).ReadJsonAsync()).AsObject();
        using var badToken = _app.NewClient("wrong");
        var withBadToken = (await (await badToken.GetAsync("/api/health")).ReadJsonAsync()).AsObject();

        Assert.Equal(["status"], bare.Where(p => p.Value is not null).Select(p => p.Key));
        Assert.Equal(["status"], withBadToken.Where(p => p.Value is not null).Select(p => p.Key));
        Assert.NotNull(detailed["version"]);
    }

    [Fact]
    public async Task Domain_updates_change_descriptions_and_are_audited_with_the_actor()
    {
        var (name, _) = await TenantScope.CreateDomainAsync(_app);
        using var response = await _app.Client.PutAsync($"/api/admin/domains/{name}", ApiClient.Json("""{"display_name":"Team A"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Team A", (await response.ReadJsonAsync())["display_name"]!.GetValue<string>());

        var audit = (await (await _app.Client.GetAsync($"/api/admin/audit?domain={name}")).ReadJsonAsync()).AsArray();
        Assert.Equal(["domain.update", "domain.create"], audit.Select(e => e!["action"]!.GetValue<string>()));
        Assert.All(audit, e => Assert.Equal("admin", e!["actor"]!.GetValue<string>()));
        using var page = await _app.Client.GetAsync($"/api/admin/audit?domain={name}&limit=1");
        var next = page.Headers.GetValues("X-Next-Cursor").Single();
        var second = (await (await _app.Client.GetAsync($"/api/admin/audit?domain={name}&limit=1&cursor={next}")).ReadJsonAsync()).AsArray();
        Assert.Equal("domain.create", Assert.Single(second)!["action"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await _app.Client.GetAsync("/api/admin/audit?since=yesterday")).StatusCode);
    }

    [GeneratedRegex("^[0-9a-f]{48}$")]
    private static partial Regex HexToken();
}
