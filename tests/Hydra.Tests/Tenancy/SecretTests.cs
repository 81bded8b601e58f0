using System.Net;
using Hydra.Functions.Secrets;
using Hydra.Functions.Store;
using Hydra.Shared.Redis;
using Hydra.Tests.Api;
using Hydra.Tests.EndToEnd;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Tenancy;

/// <summary>
/// A job that prints its secret: the process sees the value, but the stored stdout, the live log, the stored run and
/// every API answer show <c>***</c>, and the store holds ciphertext only.
/// </summary>
public sealed class SecretTests : IAsyncLifetime
{
    private const string Value = "hunter2-Zq8-secret-value";
    private HydraTestApp _app = null!;
    private WorkerProcess _worker = null!;

    public async Task InitializeAsync()
    {
        _app = await HydraTestApp.StartAsync();
        _worker = WorkerProcess.Start(_app.RedisPrefix, "w-sec-" + Guid.NewGuid().ToString("N")[..6], 1);
        await StackFixture.WaitForWorkersAsync(_app, 1);
    }

    public async Task DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_job_printing_its_secret_shows_stars_everywhere_but_in_the_process()
    {
        using var put = await _app.Client.PutAsync("/api/secrets/db", ApiClient.Json($$"""{"value":"{{Value}}"}"""));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.DoesNotContain(Value, await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The value is printed whole and split across writes, and checked by the job itself (exit 0 only if it saw it).
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Value)));
        var script = $"echo \"pw=$DB_PASSWORD\"; printf '%s' \"${{DB_PASSWORD:0:7}}\"; sleep 0.3; echo \"${{DB_PASSWORD:7}}\"; " +
                     $"echo \"$DB_PASSWORD\" >&2; [ \"$(printf '%s' \"$DB_PASSWORD\" | sha256sum | cut -c1-64)\" = '{digest}' ]";
        using var created = await _app.Client.PostAsync("/api/jobs/adhoc", ApiClient.Json(
            """{"name":"uses-secret","executor":{"type":"shell","script":""" + System.Text.Json.JsonSerializer.Serialize(script) +
            ""","env":{"DB_PASSWORD":{"secret":"db"},"PLAIN":"x"}}}"""));
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, createdBody);
        var runId = created.Headers.GetValues("X-Run-Id").Single();
        var jobId = System.Text.Json.Nodes.JsonNode.Parse(createdBody)!["_id"]!.GetValue<string>();

        var run = await Eventually.GetAsync(
            async () => (await (await _app.Client.GetAsync($"/api/runs/{runId}")).ReadJsonAsync()).AsObject(),
            r => r?["status"]!.GetValue<string>() is "success" or "failed",
            TimeSpan.FromSeconds(60), "the secret run to end");
        Assert.True(run["status"]!.GetValue<string>() == "success", run.ToJsonString() + _worker.Output);
        Assert.Contains("pw=***", run["stdout"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("***\n", run["stdout"]!.GetValue<string>().Split("pw=***\n")[1]);
        Assert.Contains("***", run["stderr"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(Value, run["stderr"]!.GetValue<string>(), StringComparison.Ordinal);

        var log = await _app.Get<LiveLog>().ReadAsync(_app.BootstrapDomain, runId, null, 1000, CancellationToken.None);
        var live = string.Concat(log.Select(e => e.Text));
        Assert.Contains("pw=***", live, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, live, StringComparison.Ordinal);
        Assert.DoesNotContain(Value[..7], live, StringComparison.Ordinal);

        Assert.DoesNotContain(Value, createdBody, StringComparison.Ordinal);
        foreach (var path in new[] { $"/api/runs/{runId}", $"/api/jobs/{jobId}", $"/api/jobs/{jobId}/runs", "/api/jobs", "/api/history", "/api/overview/jobs", "/api/secrets", "/api/admin/audit" })
        {
            var body = await _app.Client.GetStringAsync(path);
            Assert.DoesNotContain(Value, body, StringComparison.Ordinal);
        }

        Assert.Contains("\"secret\":\"db\"", await _app.Client.GetStringAsync($"/api/jobs/{jobId}"), StringComparison.Ordinal);
        var stored = await _app.Get<IRunStore>().GetAsync(null, runId, CancellationToken.None);
        Assert.DoesNotContain(Value, stored!.Dispatch, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, await _app.Get<ISecretStore>().GetSealedAsync(_app.BootstrapDomain, "db", CancellationToken.None) ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_whose_secret_is_gone_fails_with_the_reason_and_starts_nothing()
    {
        using var created = await _app.Client.PostAsync("/api/jobs/adhoc", ApiClient.Json(
            """{"name":"missing-secret","executor":{"type":"shell","script":"echo started","env":{"X":{"secret":"nope"}}}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var runId = created.Headers.GetValues("X-Run-Id").Single();

        var run = await Eventually.GetAsync(
            async () => (await (await _app.Client.GetAsync($"/api/runs/{runId}")).ReadJsonAsync()).AsObject(),
            r => r?["status"]!.GetValue<string>() is "success" or "failed",
            TimeSpan.FromSeconds(60), "the run with a missing secret to end");
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Contains("secret 'nope'", run["completion_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("", run["stdout"]!.GetValue<string>());
    }

    [Fact]
    public void A_sealed_secret_opens_only_under_its_own_domain_and_name()
    {
        var box = _app.Get<SecretBox>();
        var sealedValue = box.Seal("d1", "db", Value);

        Assert.Equal(Value, box.Open("d1", "db", sealedValue));
        Assert.Null(box.Open("d2", "db", sealedValue));
        Assert.Null(box.Open("d1", "api", sealedValue));
        Assert.NotEqual(sealedValue, box.Seal("d1", "db", Value));
    }
}
