using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Hydra.Functions.Catalog;
using Hydra.Functions.Store;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Api;

public sealed class HostingTests
{
    private const string TimerPayload = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-23T00:16:00+00:00","Next":"2026-11-23T01:17:00+00:00","LastUpdated":"2026-11-23T00:17:00+00:00"},"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"RetentionSweep","UtcNow":"2026-11-23T00:17:00.0012Z","RandGuid":"8f1c3b77-0a73-4b2c-8d2f-1f1bcf0b7c1e"}}}
        """;

    [Fact]
    public async Task A_timer_invocation_in_the_functions_host_format_gets_the_json_reply()
    {
        await using var app = await HydraTestApp.StartAsync();
        using var response = await app.Client.PostAsync("/RetentionSweep", ApiClient.Json(TimerPayload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var reply = (await response.ReadJsonAsync()).AsObject();
        Assert.Empty(reply["Outputs"]!.AsObject());
        Assert.Contains("RetentionSweep", reply["Logs"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(reply.ContainsKey("ReturnValue"));
    }

    [Fact]
    public async Task On_the_lean_host_a_timer_function_needs_the_admin_token()
    {
        await using var app = await HydraTestApp.StartAsync();
        using var anonymous = app.NewClient(token: null);
        using var response = await anonymous.PostAsync("/RetentionSweep", ApiClient.Json(TimerPayload));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Under_the_functions_host_it_listens_on_the_handler_port_answers_readiness_and_takes_timer_posts()
    {
        var port = FreePort();
        await using var app = await HydraTestApp.StartAsync(new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(port, app.Address.Port);
        Assert.Equal("127.0.0.1", app.Address.Host);

        using var host = new HttpClient { BaseAddress = app.Address };
        using var ready = await host.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var timer = await host.PostAsync("/RetentionSweep", ApiClient.Json(TimerPayload));
        Assert.Equal(HttpStatusCode.OK, timer.StatusCode);
        Assert.Equal("application/json", timer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RetentionSweep_deletes_runs_that_ended_before_the_retention_period_and_keeps_the_rest()
    {
        await using var app = await HydraTestApp.StartAsync(new Dictionary<string, string?> { ["HYDRA_RETENTION_DAYS"] = "30" });
        var runs = app.Get<IRunStore>();
        var now = app.Get<TimeProvider>().GetUtcNow();
        var old = Run(now - TimeSpan.FromDays(40));
        var recent = Run(now - TimeSpan.FromDays(2));
        await runs.InsertAsync(old, CancellationToken.None);
        await runs.InsertAsync(recent, CancellationToken.None);

        using var response = await app.Client.PostAsync("/RetentionSweep", ApiClient.Json(TimerPayload));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Null(await runs.GetAsync(null, old.Id, CancellationToken.None));
        Assert.NotNull(await runs.GetAsync(null, recent.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Api_routes_need_a_token_and_health_without_one_reveals_only_liveness()
    {
        await using var app = await HydraTestApp.StartAsync();
        using var anonymous = app.NewClient(token: null);
        using var jobs = await anonymous.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, jobs.StatusCode);
        Assert.Equal("application/problem+json", jobs.Content.Headers.ContentType?.MediaType);

        using var wrong = app.NewClient("not-the-token");
        using var wrongJobs = await wrong.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongJobs.StatusCode);

        using var health = await anonymous.GetAsync("/api/health");
        var body = (await health.ReadJsonAsync()).AsObject();
        Assert.Equal("ok", body["status"]!.GetValue<string>());
        Assert.Null(body["store"]);

        using var detailed = await app.Client.GetAsync("/api/health");
        var details = (await detailed.ReadJsonAsync()).AsObject();
        Assert.StartsWith("ok", details["store"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-api-key")]
    [InlineData("bearer")]
    [InlineData("query")]
    public async Task The_token_is_read_from_the_header_bearer_or_query(string how)
    {
        await using var app = await HydraTestApp.StartAsync();
        using var client = app.NewClient(token: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, how == "query" ? $"/api/jobs?token={HydraTestApp.AdminToken}" : "/api/jobs");
        if (how == "x-api-key")
        {
            request.Headers.Add("x-api-key", HydraTestApp.AdminToken);
        }
        else if (how == "bearer")
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HydraTestApp.AdminToken);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_cors_preflight_needs_no_token_and_errors_carry_cors_headers()
    {
        await using var app = await HydraTestApp.StartAsync(new Dictionary<string, string?> { ["CORS_ALLOW_ORIGINS"] = "http://ui.example" });
        using var client = app.NewClient(token: null);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/jobs");
        preflight.Headers.Add("Origin", "http://ui.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key,content-type");
        using var answer = await client.SendAsync(preflight);
        Assert.True(answer.IsSuccessStatusCode, $"preflight answered {(int)answer.StatusCode}");
        Assert.Equal("http://ui.example", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var denied = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        denied.Headers.Add("Origin", "http://ui.example");
        using var unauthorized = await client.SendAsync(denied);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("http://ui.example", unauthorized.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public void The_generated_function_json_files_in_the_build_output_match_the_function_table()
    {
        var output = FunctionsBuildOutput();
        var expected = FunctionManifest.Render();
        foreach (var (path, content) in expected)
        {
            var file = Path.Combine(output, path);
            Assert.True(File.Exists(file), $"{file} is missing from the build output");
            Assert.Equal(content, File.ReadAllText(file));
        }

        var onDisk = Directory.GetFiles(output, "function.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/'));
        Assert.Empty(onDisk.Except(expected.Keys));
    }

    [Fact]
    public void The_manifest_declares_every_function_the_host_way()
    {
        var files = FunctionManifest.Render();
        var host = JsonNode.Parse(files["host.json"])!.AsObject();
        Assert.False(host.ContainsKey("extensionBundle"));
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());

        foreach (var function in FunctionTable.All)
        {
            var bindings = JsonNode.Parse(files[$"{function.Name}/function.json"])!["bindings"]!.AsArray();
            if (function.Http is { } http)
            {
                Assert.Equal("httpTrigger", bindings[0]!["type"]!.GetValue<string>());
                Assert.Equal("api/" + http.Route, bindings[0]!["route"]!.GetValue<string>());
                Assert.Equal("http", bindings[1]!["type"]!.GetValue<string>());
                Assert.Equal(2, bindings.Count);
            }
            else
            {
                Assert.Equal("timerTrigger", bindings[0]!["type"]!.GetValue<string>());
                Assert.Equal(function.Timer!.Schedule, bindings[0]!["schedule"]!.GetValue<string>());
                Assert.Equal(6, function.Timer.Schedule.Split(' ').Length);
            }
        }
    }

    private static string FunctionsBuildOutput()
    {
        // tests/Hydra.Tests/bin/<Configuration>/net10.0/ → functions/bin/<Configuration>/net10.0/
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "functions", "bin", configuration, framework);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static RunRecord Run(DateTimeOffset ended) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Domain = "admin",
        JobId = new string('a', 32),
        Status = "success",
        CreatedAt = ended - TimeSpan.FromSeconds(5),
        Trigger = "manual",
        ExecutorType = "shell",
        Attempt = 1,
        EndedAt = ended,
        Dispatch = "{}",
        UpdatedAt = ended,
    };
}
