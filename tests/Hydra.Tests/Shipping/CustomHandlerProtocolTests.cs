using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Hydra.Functions.Catalog;

namespace Hydra.Tests.Shipping;

/// <summary>
/// The custom-handler protocol against the published package, with this test in the host's seat
/// (../shared/reference/azure.md §1): readiness on <c>GET /</c>, HTTP requests forwarded unchanged on their
/// <c>/api/...</c> path with the host's headers, timers POSTed to <c>/&lt;FunctionName&gt;</c> with the host's
/// payload, and a package whose function.json files name only triggers the function table has.
/// </summary>
public sealed class CustomHandlerProtocolTests(PackagedHandler handler) : IClassFixture<PackagedHandler>
{
    [Fact]
    public async Task It_answers_the_readiness_probe_within_the_initialization_timeout_on_the_port_it_was_given_only()
    {
        Assert.True(handler.StartupTime < TimeSpan.FromSeconds(30), $"ready after {handler.StartupTime}");
        using var client = handler.NewHostClient();
        using var response = await client.GetAsync("/");
        Assert.True((int)response.StatusCode < 500, $"GET / answered {(int)response.StatusCode}");

        using var decoy = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => decoy.ConnectAsync(IPAddress.Loopback, handler.DecoyPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task Forwarded_requests_on_api_paths_create_and_read_a_job_with_the_hosts_headers()
    {
        using var client = handler.NewHostClient();
        using var create = Forwarded(HttpMethod.Post, "/api/jobs");
        create.Content = new StringContent("""{"name":"packaged","executor":{"type":"shell","script":"echo packaged"}}""", Encoding.UTF8, "application/json");
        using var created = await client.SendAsync(create);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"POST /api/jobs answered {(int)created.StatusCode}: {body}");
        var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();

        using var read = Forwarded(HttpMethod.Get, $"/api/jobs/{id}");
        using var job = await client.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, job.StatusCode);
        Assert.Equal("application/json", job.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await job.Content.ReadAsStringAsync())!;
        Assert.Equal(id, document["id"]!.GetValue<string>());
        Assert.Equal("packaged", document["name"]!.GetValue<string>());

        using var anonymous = Forwarded(HttpMethod.Get, $"/api/jobs/{id}", token: null);
        using var refused = await client.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Every_timer_function_answers_the_hosts_payload_with_a_json_invocation_result()
    {
        using var client = handler.NewHostClient();
        Assert.NotEmpty(FunctionTable.Timers);
        foreach (var timer in FunctionTable.Timers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/" + timer.Name) { Content = new StringContent(TimerPayload(timer.Name), Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{timer.Name} answered {(int)response.StatusCode}: {text}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var reply = JsonNode.Parse(text)!.AsObject();
            Assert.IsType<JsonObject>(reply["Outputs"]);
            var logs = Assert.IsType<JsonArray>(reply["Logs"]);
            Assert.NotEmpty(logs);
            Assert.All(logs, l => Assert.Contains(timer.Name, l!.GetValue<string>(), StringComparison.Ordinal));
            Assert.True(reply.ContainsKey("ReturnValue"), $"{timer.Name}: no ReturnValue in {text}");
        }

        Assert.True(handler.Stderr.Length == 0, $"the host logs the handler's stderr as errors; it wrote:\n{handler.Stderr}");
    }

    [Fact]
    public void The_package_declares_only_triggers_the_function_table_has_and_needs_no_extension_bundle()
    {
        var host = handler.HostJson;
        Assert.False(host.ContainsKey("extensionBundle"), "host.json names an extension bundle; HTTP and timer triggers are built in");
        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());

        var folders = Directory.GetDirectories(handler.AppRoot).Where(d => File.Exists(Path.Combine(d, "function.json"))).ToList();
        Assert.Equal(FunctionTable.All.Count, folders.Count);
        foreach (var folder in folders)
        {
            var name = Path.GetFileName(folder);
            var function = FunctionTable.Find(name);
            Assert.True(function is not null && function.Name == name, $"{name}/function.json names no function of the table");
            var bindings = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "function.json")))!["bindings"]!.AsArray();
            var trigger = Assert.Single(bindings, b => b!["direction"]!.GetValue<string>() == "in")!;
            if (function!.Http is { } http)
            {
                Assert.Equal("httpTrigger", trigger["type"]!.GetValue<string>());
                Assert.Equal("api/" + http.Route, trigger["route"]!.GetValue<string>());
                Assert.Equal(http.Methods.Select(m => m.ToLowerInvariant()), trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
                // Forwarding applies only to exactly one httpTrigger in and one http out.
                var output = Assert.Single(bindings, b => b!["direction"]!.GetValue<string>() == "out")!;
                Assert.Equal("http", output["type"]!.GetValue<string>());
                Assert.Equal(2, bindings.Count);
            }
            else
            {
                Assert.Equal("timerTrigger", trigger["type"]!.GetValue<string>());
                Assert.Equal(function.Timer!.Schedule, trigger["schedule"]!.GetValue<string>());
                Assert.Single(bindings);
            }
        }
    }

    private static HttpRequestMessage Forwarded(HttpMethod method, string path, string? token = PackagedHandler.AdminToken)
    {
        // Legacy forwarding copies the client's headers (Host included) and adds the invocation id.
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = "hydra-test.azurewebsites.net";
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Forwarded-For", "203.0.113.7:51234");
        request.Headers.Add("Accept", "application/json");
        if (token is not null)
        {
            request.Headers.Add("x-api-key", token);
        }

        return request;
    }

    private static string TimerPayload(string name) => """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-23T00:16:00+00:00","Next":"2026-11-23T01:17:00+00:00","LastUpdated":"2026-11-23T00:17:00+00:00"},"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"NAME","UtcNow":"2026-11-23T00:17:00.0012Z","RandGuid":"GUID"}}}
        """.Replace("NAME", name, StringComparison.Ordinal).Replace("GUID", Guid.NewGuid().ToString(), StringComparison.Ordinal);
}
