using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Ui;

/// <summary>
/// The UI's API types are generated from ui/src/api/openapi.json; this keeps that snapshot equal to the document the
/// app serves at /api/openapi.json, so the UI cannot drift from the API.
/// </summary>
public sealed class OpenApiSnapshotTests
{
    private const string UpdateVariable = "HYDRA_UPDATE_OPENAPI";

    [Fact]
    public async Task The_served_openapi_document_matches_the_ui_snapshot()
    {
        await using var app = await HydraTestApp.StartAsync();
        using var anonymous = app.NewClient(token: null);
        using var response = await anonymous.GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = Normalize(await response.Content.ReadAsStringAsync());

        var path = SnapshotPath();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        var committed = File.Exists(path) ? Normalize(await File.ReadAllTextAsync(path)) : "";
        Assert.True(
            committed == served,
            $"The OpenAPI document served at /api/openapi.json differs from {path}. If the API change is intended, refresh " +
            $"the snapshot with `{UpdateVariable}=1 dotnet test tests/Hydra.Tests --filter FullyQualifiedName~OpenApiSnapshot`, " +
            "then `cd ui && npm run build` (which regenerates src/api/schema.d.ts) and fix any type errors in the UI.");
    }

    [Fact]
    public async Task Every_api_function_is_in_the_document_with_its_reply_shape()
    {
        await using var app = await HydraTestApp.StartAsync();
        using var response = await app.Client.GetAsync("/api/openapi.json");
        var doc = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = doc["paths"]!.AsObject();
        foreach (var function in Hydra.Functions.Catalog.FunctionTable.Http)
        {
            var route = "/api/" + function.Http!.Route;
            Assert.True(paths.ContainsKey(route), $"{function.Name}: {route} is missing from the OpenAPI document");
            foreach (var method in function.Http.Methods)
            {
                Assert.NotNull(paths[route]![method.ToLowerInvariant()]);
            }
        }

        Assert.Equal("#/components/schemas/JobDocument",
            paths["/api/jobs/{id}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.DoesNotContain(paths, p => !p.Key.StartsWith("/api/", StringComparison.Ordinal));
    }

    private static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";

    private static string SnapshotPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hydra.Functions.sln")))
            {
                return Path.Combine(dir.FullName, "ui", "src", "api", "openapi.json");
            }
        }

        throw new InvalidOperationException("The repository root (Hydra.Functions.sln) was not found above the test's base directory.");
    }
}
