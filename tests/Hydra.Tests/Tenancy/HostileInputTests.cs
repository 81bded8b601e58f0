using System.Net;
using System.Text;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Tenancy;

/// <summary>Body cap, depth cap, per-token write rate limit (429 + Retry-After), CORS headers on refusals.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private HydraTestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await HydraTestApp.StartAsync(new Dictionary<string, string?> { ["HYDRA_WRITE_RATE_PER_MINUTE"] = "5" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Writes_beyond_the_per_token_rate_get_429_with_retry_after_while_reads_and_other_tokens_go_on()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 7; i++)
        {
            var response = await _app.Client.PostAsync("/api/jobs/validate", ApiClient.Json(ApiClient.ShellJob("rate", "true")));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.NotNull(limited);
        using (limited)
        {
            var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync("/api/jobs")).StatusCode);
        using var other = _app.NewClient(_app.BootstrapToken);
        using var otherWrite = await other.PostAsync("/api/jobs/validate", ApiClient.Json(ApiClient.ShellJob("rate", "true")));
        Assert.Equal(HttpStatusCode.OK, otherWrite.StatusCode);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_a_413_and_deep_nesting_a_400()
    {
        var huge = "{\"name\":\"" + new string('x', 1024 * 1024 + 10) + "\"}";
        using var tooLarge = await _app.NewClient(_app.BootstrapToken).PostAsync("/api/jobs", ApiClient.Json(huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        var deep = new StringBuilder("{\"name\":\"deep\",\"x\":");
        deep.Append(string.Concat(Enumerable.Repeat("[", 500))).Append(string.Concat(Enumerable.Repeat("]", 500))).Append('}');
        foreach (var path in new[] { "/api/jobs", "/api/admin/domains", "/api/secrets/db" })
        {
            using var client = _app.NewClient(HydraTestApp.AdminToken);
            var method = path.StartsWith("/api/secrets", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post;
            using var response = await TenantScope.SendAsync(client, method, path, deep.ToString());
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} answered {(int)response.StatusCode}");
            var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
            Assert.True(errors.ContainsKey("body") || errors.ContainsKey("$"), errors.ToJsonString());
        }
    }

    [Fact]
    public async Task Refusals_carry_cors_headers()
    {
        using var client = _app.NewClient("wrong-token");
        client.DefaultRequestHeaders.Add("Origin", "http://localhost:5173");
        using var response = await client.GetAsync("/api/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("http://localhost:5173", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
