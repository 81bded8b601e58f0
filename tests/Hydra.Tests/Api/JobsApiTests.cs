using System.Net;
using System.Text.Json.Nodes;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Api;

public sealed class JobsApiTests : IAsyncLifetime
{
    private HydraTestApp _app = null!;

    public async Task InitializeAsync() => _app = await HydraTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_seed_readme_example_is_stored_and_read_back_with_next_run_at()
    {
        var created = await _app.Client.PostJobAsync(ApiClient.SeedExample);

        var id = created["_id"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, created["id"]!.GetValue<string>());

        using var response = await _app.Client.GetAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = (await response.ReadJsonAsync()).AsObject();
        Assert.Equal("test-echo", job["name"]!.GetValue<string>());
        Assert.Equal("rich", job["user"]!.GetValue<string>());
        Assert.Equal("echo 'hello world'", job["executor"]!["script"]!.GetValue<string>());
        Assert.Equal(300, job["schedule"]!["interval_seconds"]!.GetValue<int>());
        Assert.Equal("hello", job["completion"]!["stdout_contains"]![0]!.GetValue<string>());
        var nextRunAt = job["schedule"]!["next_run_at"]!.GetValue<string>();
        Assert.EndsWith("Z", nextRunAt, StringComparison.Ordinal);
        var createdAt = DateTimeOffset.Parse(job["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var next = DateTimeOffset.Parse(nextRunAt, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(next - createdAt, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Routes_accept_a_trailing_slash()
    {
        var created = await _app.Client.PostJobAsync(ApiClient.ShellJob("slash", "true"));
        using var list = await _app.Client.GetAsync("/api/jobs/");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var one = await _app.Client.GetAsync($"/api/jobs/{created["_id"]}/");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
    }

    [Fact]
    public async Task Listing_is_newest_first_with_search_and_cursor_pages()
    {
        for (var i = 0; i < 5; i++)
        {
            await _app.Client.PostJobAsync(ApiClient.ShellJob($"alpha-{i}", "true"));
        }

        await _app.Client.PostJobAsync(ApiClient.ShellJob("beta", "true"));

        using var page1 = await _app.Client.GetAsync("/api/jobs?search=ALPHA&limit=3");
        var first = (await page1.ReadJsonAsync()).AsArray();
        Assert.Equal(["alpha-4", "alpha-3", "alpha-2"], first.Select(j => j!["name"]!.GetValue<string>()));
        var cursor = page1.Headers.GetValues("X-Next-Cursor").Single();

        using var page2 = await _app.Client.GetAsync($"/api/jobs?search=alpha&limit=3&cursor={Uri.EscapeDataString(cursor)}");
        var second = (await page2.ReadJsonAsync()).AsArray();
        Assert.Equal(["alpha-1", "alpha-0"], second.Select(j => j!["name"]!.GetValue<string>()));
        Assert.False(page2.Headers.Contains("X-Next-Cursor"));
    }

    [Fact]
    public async Task Put_merges_top_level_fields_and_replaces_nested_objects_whole()
    {
        var created = await _app.Client.PostJobAsync(ApiClient.SeedExample);
        var id = created["_id"]!.GetValue<string>();

        using var response = await _app.Client.PutAsync($"/api/jobs/{id}", ApiClient.Json("""
            {"name":"renamed","schedule":{"mode":"cron","cron":"*/5 * * * *"}}
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = (await response.ReadJsonAsync()).AsObject();
        Assert.Equal("renamed", job["name"]!.GetValue<string>());
        Assert.Equal("echo 'hello world'", job["executor"]!["script"]!.GetValue<string>());
        Assert.Equal("cron", job["schedule"]!["mode"]!.GetValue<string>());
        Assert.Null(job["schedule"]!["interval_seconds"]);
        Assert.Equal(2, job["version"]!.GetValue<int>());
        var next = DateTimeOffset.Parse(job["schedule"]!["next_run_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, next.Minute % 5);
        Assert.Equal(0, next.Second);
    }

    [Fact]
    public async Task Put_with_no_fields_is_a_400_naming_the_body()
    {
        var created = await _app.Client.PostJobAsync(ApiClient.SeedExample);
        using var response = await _app.Client.PutAsync($"/api/jobs/{created["_id"]}", ApiClient.Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Put_that_breaks_the_job_is_rejected_and_changes_nothing()
    {
        var created = await _app.Client.PostJobAsync(ApiClient.SeedExample);
        var id = created["_id"]!.GetValue<string>();
        using var response = await _app.Client.PutAsync($"/api/jobs/{id}", ApiClient.Json("""{"schedule":{"mode":"cron","cron":"nope"}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.NotNull(problem["errors"]!["schedule.cron"]);

        var job = await (await _app.Client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
        Assert.Equal("interval", job["schedule"]!["mode"]!.GetValue<string>());
        Assert.Equal(1, job["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_removes_the_job_and_a_second_delete_is_404()
    {
        var created = await _app.Client.PostJobAsync(ApiClient.SeedExample);
        var id = created["_id"]!.GetValue<string>();
        using var first = await _app.Client.DeleteAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var get = await _app.Client.GetAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var second = await _app.Client.DeleteAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
    }

    [Theory]
    [InlineData("/api/jobs/not-an-id")]
    [InlineData("/api/jobs/0123456789abcdef0123456789abcdef")]
    public async Task Unknown_job_ids_are_404_problems(string path)
    {
        using var response = await _app.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Validate_answers_200_with_errors_and_a_preview()
    {
        using var bad = await _app.Client.PostAsync("/api/jobs/validate", ApiClient.Json("""{"name":"x","executor":{"type":"shell"}}"""));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badReply = await bad.ReadJsonAsync();
        Assert.False(badReply["valid"]!.GetValue<bool>());
        Assert.NotEmpty(badReply["errors"]!.AsArray());
        Assert.NotNull(badReply["field_errors"]!["executor.script"]);

        using var good = await _app.Client.PostAsync("/api/jobs/validate", ApiClient.Json(
            """{"name":"x","executor":{"type":"shell","script":"true"},"schedule":{"mode":"cron","cron":"0 9 * * *","timezone":"Europe/Berlin"}}"""));
        var goodReply = await good.ReadJsonAsync();
        Assert.True(goodReply["valid"]!.GetValue<bool>());
        Assert.Equal(5, goodReply["next_runs"]!.AsArray().Count);
        Assert.NotNull(goodReply["next_run_at"]);
    }

    [Fact]
    public async Task Validate_of_a_stored_job_merges_the_body_over_it()
    {
        var created = await _app.Client.PostJobAsync(ApiClient.SeedExample);
        using var response = await _app.Client.PostAsync($"/api/jobs/{created["_id"]}/validate", ApiClient.Json("""{"timeout":-1}"""));
        var reply = await response.ReadJsonAsync();
        Assert.False(reply["valid"]!.GetValue<bool>());
        Assert.NotNull(reply["field_errors"]!["timeout"]);
    }
}
