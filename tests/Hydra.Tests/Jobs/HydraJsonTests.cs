using System.Text.Json;
using System.Text.Json.Nodes;
using Hydra.Shared.Jobs;
using Hydra.Shared.Json;
using Hydra.Shared.Runs;

namespace Hydra.Tests.Jobs;

public sealed class HydraJsonTests
{
    [Fact]
    public void The_hydra_jobs_example_round_trips_with_every_field()
    {
        var read = JobDocumentReader.Read(JobJson.HydraJobsExample);

        Assert.True(read.IsSuccess, string.Join("; ", read.Errors));
        var written = JsonSerializer.Serialize(read.Value, HydraJson.JobDocument);
        Assert.True(JsonNode.DeepEquals(JobJson.Node(JobJson.HydraJobsExample), JobJson.Node(written)), written);
    }

    [Fact]
    public void A_document_using_every_member_round_trips_and_writes_id_beside__id()
    {
        const string full = """
            {"_id":"0123456789abcdef0123456789abcdef","name":"nightly","user":"rich","domain":"team-a",
             "affinity":{"os":["linux","windows"],"tags":["gpu"],"allowed_users":["rich"],"hostnames":["box-1"]},
             "executor":{"type":"python","script":"print(1)","code":"print(1)","interpreter":"python3.12",
               "environment":{"type":"uv","python_version":"3.12","venv_path":"/v","requirements":["requests"],"requirements_file":"r.txt"},
               "args":["-v"],"env":{"MyVar":"1","PATH_EXTRA":"/x"},"workdir":"/tmp","shell":"bash","command":"python3"},
             "retries":3,"timeout":60,"priority":9,
             "schedule":{"mode":"cron","cron":"0 9 * * 1-5","timezone":"Europe/Berlin","start_at":"2026-01-02T03:04:05.123Z",
               "end_at":"2027-01-01T00:00:00.000Z","enabled":false,"next_run_at":"2026-01-05T08:00:00.000Z"},
             "completion":{"exit_codes":[0,3],"stdout_contains":["ok"],"stdout_not_contains":["Traceback"],"stderr_contains":["w"],"stderr_not_contains":["fatal"]},
             "retry_backoff":{"initial_seconds":1.5,"max_seconds":60,"factor":2},
             "created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:01.000Z","version":4}
            """;

        var read = JobDocumentReader.Read(full);

        Assert.True(read.IsSuccess, string.Join("; ", read.Errors));
        var expected = JobJson.Node(full).AsObject();
        expected["id"] = "0123456789abcdef0123456789abcdef";
        var written = JsonSerializer.Serialize(read.Value, HydraJson.JobDocument);
        Assert.True(JsonNode.DeepEquals(expected, JobJson.Node(written)), written);
    }

    [Theory]
    [InlineData("2026-01-02T03:04:05", "2026-01-02T03:04:05.000Z")]
    [InlineData("2026-01-02T03:04:05.123", "2026-01-02T03:04:05.123Z")]
    [InlineData("2026-01-02T03:04:05Z", "2026-01-02T03:04:05.000Z")]
    [InlineData("2026-01-02T05:04:05.123+02:00", "2026-01-02T03:04:05.123Z")]
    [InlineData("2026-01-01T22:04:05-05:00", "2026-01-02T03:04:05.000Z")]
    [InlineData("2026-01-02T03:04:05.1234567Z", "2026-01-02T03:04:05.123Z")]
    [InlineData("2026-01-02", "2026-01-02T00:00:00.000Z")]
    public void Timestamps_are_read_with_or_without_offset_and_written_in_utc_with_z(string input, string output)
    {
        var read = JobDocumentReader.Read($$$"""{"schedule":{"start_at":"{{{input}}}"}}""");

        Assert.True(read.IsSuccess, string.Join("; ", read.Errors));
        var written = JobJson.Node(JsonSerializer.Serialize(read.Value, HydraJson.JobDocument));
        Assert.Equal(output, written["schedule"]!["start_at"]!.GetValue<string>());
    }

    [Fact]
    public void A_timestamp_without_offset_is_read_as_utc_not_machine_local_time()
    {
        var read = JobDocumentReader.Read("""{"created_at":"2026-07-02T03:04:05"}""");

        Assert.Equal(new DateTimeOffset(2026, 7, 2, 3, 4, 5, TimeSpan.Zero), read.Value!.CreatedAt);
        Assert.Equal(TimeSpan.Zero, read.Value!.CreatedAt!.Value.Offset);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_not_written_back()
    {
        var body = JobJson.Minimal("'queue':'default','interpreter':'x','extra':{'deep':[1,{'a':null}]}");

        var read = JobDocumentReader.Read(body);

        Assert.True(read.IsSuccess, string.Join("; ", read.Errors));
        var written = JobJson.Node(JsonSerializer.Serialize(read.Value, HydraJson.JobDocument)).AsObject();
        Assert.False(written.ContainsKey("queue"));
        Assert.False(written.ContainsKey("extra"));
    }

    [Fact]
    public void Nulls_are_omitted_when_writing()
    {
        var json = JsonSerializer.Serialize(new JobDocument { Name = "x" }, HydraJson.JobDocument);

        Assert.Equal("""{"name":"x"}""", json);
    }

    [Fact]
    public void Env_names_keep_their_case()
    {
        var read = JobDocumentReader.Read("""{"executor":{"type":"shell","env":{"MyVar":"1"}}}""");

        Assert.Equal("1", read.Value!.Executor!.Env!["MyVar"]);
        Assert.Contains("\"MyVar\"", JsonSerializer.Serialize(read.Value, HydraJson.JobDocument), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispatch_payload_and_attempt_outcome_round_trip_in_snake_case()
    {
        var payload = new DispatchPayload
        {
            RunId = "r1", JobId = "j1", Domain = "d", Executor = new ExecutorSpec { Type = "shell", Script = "true" },
            LeaseToken = "l", TimeoutSeconds = 10, EnqueuedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)),
        };
        var outcome = new AttemptOutcome
        {
            RunId = "r1", Domain = "d", Attempt = 2, LeaseToken = "l", WorkerId = "w", Status = RunStatus.Success,
            ReturnCode = 0, CompletionReason = "criteria satisfied", EndedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };

        var payloadJson = JsonSerializer.Serialize(payload, HydraJson.DispatchPayload);
        var outcomeJson = JsonSerializer.Serialize(outcome, HydraJson.AttemptOutcome);

        Assert.Contains("\"enqueued_at\":\"2026-01-02T02:04:05.000Z\"", payloadJson, StringComparison.Ordinal);
        Assert.Contains("\"timeout_seconds\":10", payloadJson, StringComparison.Ordinal);
        Assert.Contains("\"completion_reason\":\"criteria satisfied\"", outcomeJson, StringComparison.Ordinal);
        Assert.Equal(payloadJson, JsonSerializer.Serialize(JsonSerializer.Deserialize(payloadJson, HydraJson.DispatchPayload)!, HydraJson.DispatchPayload));
        Assert.Equal(outcomeJson, JsonSerializer.Serialize(JsonSerializer.Deserialize(outcomeJson, HydraJson.AttemptOutcome)!, HydraJson.AttemptOutcome));
    }

    [Fact]
    public void Configure_gives_other_options_the_same_wire_format()
    {
        var options = new JsonSerializerOptions();
        HydraJson.Configure(options);
        var job = new JobDocument { Name = "x", RetryBackoff = new RetryBackoffSpec { InitialSeconds = 1 }, CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) };

        Assert.Equal(JsonSerializer.Serialize(job, HydraJson.JobDocument), JsonSerializer.Serialize(job, options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<JobDocument>("""{"retries":"3"}""", options));
    }
}
