using System.Net;
using System.Text;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Api;

/// <summary>Every malformed job is a 4xx problem+json that names the field, and nothing is stored.</summary>
public sealed class MalformedJobTests : IAsyncLifetime
{
    private const string Shell = """ "executor":{"type":"shell","script":"true"} """;
    private HydraTestApp _app = null!;

    public async Task InitializeAsync() => _app = await HydraTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string, string> Payloads() => new()
    {
        { "not JSON", "this is not json", "$" },
        { "truncated JSON", J("{'name':'x', "), "$" },
        { "an array", "[]", "$" },
        { "a string", "\"job\"", "$" },
        { "null", "null", "$" },
        { "empty object", "{}", "name" },
        { "no executor", J("{'name':'x'}"), "executor" },
        { "executor is a string", J("{'name':'x','executor':'bash'}"), "executor" },
        { "shell without script", J("{'name':'x','executor':{'type':'shell'}}"), "executor.script" },
        { "empty script", J("{'name':'x','executor':{'type':'shell','script':''}}"), "executor.script" },
        { "unknown executor type", J("{'name':'x','executor':{'type':'docker','script':'x'}}"), "executor.type" },
        { "unknown shell", J("{'name':'x','executor':{'type':'shell','script':'x','shell':'fish'}}"), "executor.shell" },
        { "external without command", J("{'name':'x','executor':{'type':'external'}}"), "executor.command" },
        { "python without code", J("{'name':'x','executor':{'type':'python'}}"), "executor.code" },
        { "name is a number", J("{'name':123,") + Shell + "}", "name" },
        { "name too long", J("{'name':'" + new string('n', 201) + "',") + Shell + "}", "name" },
        { "retries is a string", With("'retries':'3'"), "retries" },
        { "negative retries", With("'retries':-1"), "retries" },
        { "negative timeout", With("'timeout':-5"), "timeout" },
        { "timeout is text", With("'timeout':'ten'"), "timeout" },
        { "priority out of range", With("'priority':1000"), "priority" },
        { "cron with three fields", With("'schedule':{'mode':'cron','cron':'* * *'}"), "schedule.cron" },
        { "cron minute 61", With("'schedule':{'mode':'cron','cron':'61 * * * *'}"), "schedule.cron" },
        { "cron mode without cron", With("'schedule':{'mode':'cron'}"), "schedule.cron" },
        { "unknown time zone", With("'schedule':{'mode':'cron','cron':'0 * * * *','timezone':'Mars/Olympus'}"), "schedule.timezone" },
        { "interval zero", With("'schedule':{'mode':'interval','interval_seconds':0}"), "schedule.interval_seconds" },
        { "interval missing", With("'schedule':{'mode':'interval'}"), "schedule.interval_seconds" },
        { "unknown schedule mode", With("'schedule':{'mode':'weekly'}"), "schedule.mode" },
        { "end before start", With("'schedule':{'mode':'interval','interval_seconds':60,'start_at':'2030-01-02T00:00:00Z','end_at':'2030-01-01T00:00:00Z'}"), "schedule.end_at" },
        { "start_at not a date", With("'schedule':{'mode':'interval','interval_seconds':60,'start_at':'tomorrow'}"), "schedule.start_at" },
        { "enabled is text", With("'schedule':{'mode':'interval','interval_seconds':60,'enabled':'yes'}"), "schedule.enabled" },
        { "huge script", J("{'name':'x','executor':{'type':'shell','script':'" + new string('x', 300 * 1024) + "'}}"), "executor.script" },
        { "too many tags", With("'affinity':{'tags':[" + string.Join(",", Enumerable.Range(0, 101).Select(i => $"'t{i}'")) + "]}"), "affinity.tags" },
        { "tags is a string", With("'affinity':{'tags':'linux'}"), "affinity.tags" },
        { "os entry is a number", With("'affinity':{'os':[1]}"), "affinity.os[0]" },
        { "exit code is text", With("'completion':{'exit_codes':['0']}"), "completion.exit_codes[0]" },
        { "env name invalid", J("{'name':'x','executor':{'type':'shell','script':'x','env':{'1BAD':'v'}}}"), "executor.env" },
        { "args is an object", J("{'name':'x','executor':{'type':'shell','script':'x','args':{'a':1}}}"), "executor.args" },
        { "deep nesting", "{\"name\":" + new string('[', 200) + new string(']', 200) + "}", "$" },
    };

    /// <summary>JSON written with single quotes, for readability.</summary>
    private static string J(string json) => json.Replace('\'', '"');

    private static string With(string fields) => J("{'name':'x',") + Shell + "," + J(fields) + "}";

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task A_malformed_job_is_a_4xx_problem_naming_the_field_and_nothing_is_stored(string because, string body, string field)
    {
        using var response = await _app.Client.PostAsync("/api/jobs", ApiClient.Json(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{because}: answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), because);
        var fields = problem["errors"]!.AsObject().Select(p => p.Key).ToList();
        Assert.True(
            fields.Any(f => f == field || f.StartsWith(field + ".", StringComparison.Ordinal) || f.StartsWith(field + "[", StringComparison.Ordinal)),
            $"{because}: expected an error on '{field}', got [{string.Join(", ", fields)}]");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Invalid_utf8_is_a_400_naming_the_body()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"name\":\"x\u00e9\"}");
        bytes[10] = 0xFF;
        using var response = await _app.Client.PostAsync("/api/jobs", ApiClient.JsonBytes(bytes));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        using var response = await _app.Client.PostAsync("/api/jobs", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        var body = "{\"name\":\"x\",\"executor\":{\"type\":\"shell\",\"script\":\"" + new string('x', 1100 * 1024) + "\"}}";
        using var response = await _app.Client.PostAsync("/api/jobs", ApiClient.Json(body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_empty_body_is_400()
    {
        using var response = await _app.Client.PostAsync("/api/jobs", ApiClient.Json(""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        using var list = await _app.Client.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Empty((await list.ReadJsonAsync()).AsArray());
    }
}
