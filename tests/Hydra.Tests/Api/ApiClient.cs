using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hydra.Tests.Api;

internal static class ApiClient
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static ByteArrayContent JsonBytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty JSON body");
    }

    public static async Task<JsonObject> PostJobAsync(this HttpClient client, string json)
    {
        using var response = await client.PostAsync("/api/jobs", Json(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"POST /api/jobs answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public const string SeedExample = """
        {
          "name": "test-echo",
          "user": "rich",
          "affinity": { "os": ["linux"], "tags": [], "allowed_users": ["rich"] },
          "executor": {
            "type": "shell",
            "script": "echo 'hello world'",
            "shell": "bash"
          },
          "schedule": {
            "mode": "interval",
            "interval_seconds": 300,
            "enabled": true
          },
          "completion": {
            "exit_codes": [0],
            "stdout_contains": ["hello"],
            "stdout_not_contains": [],
            "stderr_contains": [],
            "stderr_not_contains": []
          },
          "retries": 0,
          "timeout": 10
        }
        """;

    public static string ShellJob(string name, string script, string extra = "") =>
        $$"""{"name":"{{name}}","executor":{"type":"shell","script":{{System.Text.Json.JsonSerializer.Serialize(script)}}}{{extra}}}""";
}
