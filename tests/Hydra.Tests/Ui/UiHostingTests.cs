using System.Net;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Ui;

/// <summary>The lean host serves the built UI at / with a fallback to index.html, and keeps /api for the API.</summary>
public sealed class UiHostingTests : IDisposable
{
    private readonly DirectoryInfo _dist = Directory.CreateTempSubdirectory("hydra-ui-");

    public UiHostingTests()
    {
        File.WriteAllText(Path.Combine(_dist.FullName, "index.html"), "<!doctype html><title>Hydra</title><div id=root></div>");
        Directory.CreateDirectory(Path.Combine(_dist.FullName, "assets"));
        File.WriteAllText(Path.Combine(_dist.FullName, "assets", "app.js"), "console.log('hydra');");
    }

    [Fact]
    public async Task The_root_and_client_side_routes_answer_index_html_without_a_token()
    {
        await using var app = await HydraTestApp.StartAsync(new Dictionary<string, string?> { ["HYDRA_UI_DIR"] = _dist.FullName });
        using var anonymous = app.NewClient(token: null);
        foreach (var path in new[] { "/", "/jobs", "/jobs/0123456789abcdef0123456789abcdef/edit", "/runs/x" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<div id=root>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var asset = await anonymous.GetAsync("/assets/app.js");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("console.log('hydra');", await asset.Content.ReadAsStringAsync());
        using var missingAsset = await anonymous.GetAsync("/assets/missing.js");
        Assert.Equal(HttpStatusCode.NotFound, missingAsset.StatusCode);
    }

    [Fact]
    public async Task Api_paths_are_never_answered_with_the_ui()
    {
        await using var app = await HydraTestApp.StartAsync(new Dictionary<string, string?> { ["HYDRA_UI_DIR"] = _dist.FullName });
        using var unknown = await app.Client.GetAsync("/api/no-such-function");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        using var anonymous = app.NewClient(token: null);
        using var jobs = await anonymous.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, jobs.StatusCode);
        using var wrongMethod = await app.Client.DeleteAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        using var unknownPost = await app.Client.PostAsync("/api/runs/0123456789abcdef0123456789abcdef/not-a-function", null);
        Assert.Equal(HttpStatusCode.NotFound, unknownPost.StatusCode);
    }

    [Fact]
    public async Task Without_a_built_ui_the_root_still_answers_for_the_readiness_probe()
    {
        var empty = Directory.CreateTempSubdirectory("hydra-no-ui-");
        try
        {
            await using var app = await HydraTestApp.StartAsync(new Dictionary<string, string?> { ["HYDRA_UI_DIR"] = empty.FullName });
            using var anonymous = app.NewClient(token: null);
            using var response = await anonymous.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    public void Dispose() => _dist.Delete(recursive: true);
}
