using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Executors;

/// <summary>Every executor kind through the whole path: API, Redis, a real worker process, the store.</summary>
public sealed class ExecutorEndToEndTests(ExecutorStackFixture stack) : IClassFixture<ExecutorStackFixture>
{
    private static string Python(string name, string code, string extra = "", string environment = "") =>
        "{\"name\":\"" + name + "\",\"executor\":{\"type\":\"python\",\"code\":" + JsonSerializer.Serialize(code) + environment + "}" + extra + "}";

    [Fact]
    public async Task A_python_job_printing_tick_and_tock_succeeds_on_stdout_contains_tock()
    {
        var runId = await stack.RunAdhocAsync(Python("ticktock", "print('tick')\nprint('tock')", ""","completion":{"stdout_contains":["tock"]}"""));

        var run = await stack.WaitForRunAsync(runId);

        Assert.True(run["status"]!.GetValue<string>() == "success", stack.Diagnostics(run));
        Assert.Equal("tick\ntock\n", run["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_script_sees_HYDRA_RUN_ID_and_the_rest_of_the_run_variables()
    {
        var runId = await stack.RunAdhocAsync(Python(
            "runvars", "import os\nprint(os.environ['HYDRA_RUN_ID'], os.environ['HYDRA_JOB_ID'] != '', os.environ['HYDRA_ATTEMPT'])"));

        var run = await stack.WaitForRunAsync(runId);

        Assert.True(run["status"]!.GetValue<string>() == "success", stack.Diagnostics(run));
        Assert.Equal($"{runId} True 1\n", run["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_temporary_venv_is_used_for_the_script_and_gone_afterwards()
    {
        var runId = await stack.RunAdhocAsync(Python("venv", "import sys\nprint(sys.prefix)", environment: ""","environment":{"type":"venv"}"""));

        var run = await stack.WaitForRunAsync(runId);

        Assert.True(run["status"]!.GetValue<string>() == "success", stack.Diagnostics(run));
        var prefix = run["stdout"]!.GetValue<string>().Trim();
        Assert.StartsWith(Path.Combine(stack.WorkerTemp, "hydra-venv-" + runId), prefix, StringComparison.Ordinal);
        Assert.False(Directory.Exists(prefix), $"{prefix} is still there");
    }

    [Fact]
    public async Task A_temporary_venv_is_removed_after_a_timeout_too()
    {
        var runId = await stack.RunAdhocAsync(Python(
            "venv-timeout", "import sys, time\nprint(sys.prefix, flush=True)\ntime.sleep(120)", ""","timeout":4""", ""","environment":{"type":"venv"}"""));

        var run = await stack.WaitForRunAsync(runId);

        Assert.True(run["status"]!.GetValue<string>() == "timed_out", stack.Diagnostics(run));
        var prefix = run["stdout"]!.GetValue<string>().Trim();
        Assert.StartsWith(Path.Combine(stack.WorkerTemp, "hydra-venv-" + runId), prefix, StringComparison.Ordinal);
        Assert.False(Directory.Exists(prefix), $"{prefix} is still there");
        Assert.Empty(Directory.GetDirectories(stack.WorkerTemp, "hydra-venv-" + runId + "*"));
    }

    [Fact]
    public async Task A_python_version_no_worker_has_stays_queued_with_the_reason()
    {
        // 3.99 rather than a real release: no machine running this test has it.
        var runId = await stack.RunAdhocAsync(Python("py399", "print(1)", environment: ""","environment":{"python_version":"3.99"}"""));

        var run = await Eventually.GetAsync(
            () => stack.GetRunAsync(runId)!,
            r => r?["pending_reason"]?.GetValue<string>() == "no eligible worker: needs python3.99",
            TimeSpan.FromSeconds(30),
            "the pending reason");

        Assert.Equal("queued", run["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Workers_report_what_they_can_run()
    {
        using var response = await stack.App.Client.GetAsync("/api/workers");
        var worker = (await response.ReadJsonAsync()).AsArray().Single(w => w!["worker_id"]!.GetValue<string>() == stack.Worker.WorkerId)!;

        var capabilities = worker["capabilities"]!;
        Assert.Equal("linux", capabilities["os"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(capabilities["arch"]!.GetValue<string>()));
        var provides = capabilities["provides"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains("python3", provides);
        Assert.Contains("sh", provides);
        Assert.StartsWith("3.", capabilities["python"]!["python3"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_job_succeeds_on_200_with_the_body_as_stdout_and_a_worker_secret_in_a_header()
    {
        var runId = await stack.RunAdhocAsync($$$"""
            {"name":"ping","executor":{"type":"http","url":"{{{new Uri(stack.ServerAddress, "/ok")}}}",
             "headers":{"Authorization":"Bearer ${HYDRA_TEST_SECRET}"}},"completion":{"stdout_contains":["pong"]}}
            """);

        var run = await stack.WaitForRunAsync(runId);

        Assert.True(run["status"]!.GetValue<string>() == "success", stack.Diagnostics(run));
        Assert.Equal($"pong auth=Bearer {ExecutorStackFixture.Secret}", run["stdout"]!.GetValue<string>());
        Assert.Equal(200, run["returncode"]!.GetValue<int>());
        Assert.Equal("http", run["executor_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_http_job_fails_on_500_with_a_reason_naming_the_status()
    {
        var runId = await stack.RunAdhocAsync($$$"""
            {"name":"ping-fail","executor":{"type":"http","url":"{{{new Uri(stack.ServerAddress, "/fail")}}}"}}
            """);

        var run = await stack.WaitForRunAsync(runId);

        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Equal("HTTP status 500 Internal Server Error not in [2xx]", run["completion_reason"]!.GetValue<string>());
        Assert.Equal(500, run["returncode"]!.GetValue<int>());
        Assert.Equal("broken", run["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_workdir_fails_with_a_clear_reason_and_create_workdir_creates_it()
    {
        var missing = Path.Combine(stack.WorkerTemp, "no-such-dir-" + Guid.NewGuid().ToString("N")[..6]);
        var workdir = JsonSerializer.Serialize(missing);

        var failedId = await stack.RunAdhocAsync($$$"""{"name":"nowd","executor":{"type":"shell","script":"pwd","workdir":{{{workdir}}}}}""");
        var failed = await stack.WaitForRunAsync(failedId);

        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal(
            $"workdir '{missing}' does not exist on this worker (set create_workdir: true to have it created)",
            failed["completion_reason"]!.GetValue<string>());
        Assert.False(Directory.Exists(missing));

        var createdId = await stack.RunAdhocAsync(
            $$$"""{"name":"mkwd","executor":{"type":"shell","script":"pwd","workdir":{{{workdir}}},"create_workdir":true}}""");
        var created = await stack.WaitForRunAsync(createdId);

        Assert.True(created["status"]!.GetValue<string>() == "success", stack.Diagnostics(created));
        Assert.Equal(missing + "\n", created["stdout"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"name":"b","executor":{"type":"batch","script":"echo hi"}}""", "affinity.os")]
    [InlineData("""{"name":"h","executor":{"type":"http","url":"ftp://example.com/x"}}""", "executor.url")]
    [InlineData("""{"name":"p","executor":{"type":"python","code":"","environment":{"type":"conda"}}}""", "executor.environment.type")]
    public async Task Submitting_an_invalid_executor_answers_400_naming_the_field(string job, string field)
    {
        using var response = await stack.App.Client.PostAsync("/api/jobs", ApiClient.Json(job));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
    }
}
