using System.Text;
using Hydra.Shared.Jobs;

namespace Hydra.Tests.Jobs;

/// <summary>Bad bodies, end to end through reader, defaults and validator, as the API runs them.</summary>
public sealed class InvalidJobTests
{
    private static IReadOnlyList<FieldError> Check(ReadOnlySpan<byte> body)
    {
        var read = JobDocumentReader.Read(body);
        return read.IsSuccess ? JobValidator.Validate(JobDefaults.Apply(read.Value)) : read.Errors;
    }

    private static IReadOnlyList<FieldError> Check(string body) => Check(Encoding.UTF8.GetBytes(body));

    [Theory]
    // wrong types, reported by the reader with the path of the value
    [InlineData("'name':5", "name")]
    [InlineData("'user':['rich']", "user")]
    [InlineData("'executor':'bash'", "executor")]
    [InlineData("'executor':{'type':'shell','script':42}", "executor.script")]
    [InlineData("'executor':{'type':'shell','script':'x','args':'-a -b'}", "executor.args")]
    [InlineData("'executor':{'type':'shell','script':'x','env':{'A':1}}", "executor.env.A")]
    [InlineData("'affinity':{'tags':['a','b',7]}", "affinity.tags[2]")]
    [InlineData("'affinity':{'os':'linux'}", "affinity.os")]
    [InlineData("'retries':'3'", "retries")]
    [InlineData("'retries':1.5", "retries")]
    [InlineData("'retries':99999999999", "retries")]
    [InlineData("'timeout':true", "timeout")]
    [InlineData("'schedule':{'enabled':'yes'}", "schedule.enabled")]
    [InlineData("'schedule':{'start_at':'tomorrow'}", "schedule.start_at")]
    [InlineData("'schedule':{'start_at':'02/01/2026'}", "schedule.start_at")]
    [InlineData("'schedule':{'end_at':1767225600}", "schedule.end_at")]
    [InlineData("'completion':{'exit_codes':'0'}", "completion.exit_codes")]
    [InlineData("'completion':{'exit_codes':[0,null]}", "completion.exit_codes[1]")]
    [InlineData("'retry_backoff':{'factor':'2'}", "retry_backoff.factor")]
    // rules, reported by the validator
    [InlineData("'name':'  '", "name")]
    [InlineData("'executor':null", "executor")]
    [InlineData("'executor':{'script':'echo'}", "executor.type")]
    [InlineData("'executor':{'type':'powershell','script':'x'}", "executor.type")]
    [InlineData("'executor':{'type':'shell','script':''}", "executor.script")]
    [InlineData("'executor':{'type':'batch'},'affinity':{'os':['windows']}", "executor.script")]
    [InlineData("'executor':{'type':'python','interpreter':'python3'}", "executor.code")]
    [InlineData("'executor':{'type':'python','code':'x','environment':{'type':'conda'}}", "executor.environment.type")]
    [InlineData("'executor':{'type':'external','args':['-v']}", "executor.command")]
    [InlineData("'executor':{'type':'shell','script':'x','shell':'fish'}", "executor.shell")]
    [InlineData("'executor':{'type':'shell','script':'x','args':['a',null]}", "executor.args[1]")]
    [InlineData("'executor':{'type':'shell','script':'x','env':{'1X':'v'}}", "executor.env")]
    [InlineData("'executor':{'type':'shell','script':'x','env':{'A-B':'v'}}", "executor.env")]
    [InlineData("'affinity':{'tags':[null]}", "affinity.tags[0]")]
    [InlineData("'schedule':{'mode':'weekly'}", "schedule.mode")]
    [InlineData("'schedule':{'mode':'interval'}", "schedule.interval_seconds")]
    [InlineData("'schedule':{'mode':'interval','interval_seconds':0}", "schedule.interval_seconds")]
    [InlineData("'schedule':{'mode':'interval','interval_seconds':-5}", "schedule.interval_seconds")]
    [InlineData("'schedule':{'mode':'cron'}", "schedule.cron")]
    [InlineData("'schedule':{'mode':'cron','cron':'not a cron'}", "schedule.cron")]
    [InlineData("'schedule':{'mode':'cron','cron':'* * * * * * *'}", "schedule.cron")]
    [InlineData("'schedule':{'mode':'cron','cron':'61 * * * *'}", "schedule.cron")]
    [InlineData("'schedule':{'mode':'cron','cron':'@fortnightly'}", "schedule.cron")]
    [InlineData("'schedule':{'mode':'cron','cron':'0 9 * * *','timezone':'Mars/Olympus_Mons'}", "schedule.timezone")]
    [InlineData("'schedule':{'timezone':'Local'}", "schedule.timezone")]
    [InlineData("'schedule':{'start_at':'2026-02-01T00:00:00Z','end_at':'2026-01-01T00:00:00Z'}", "schedule.end_at")]
    [InlineData("'schedule':{'start_at':'2026-01-01T01:00:00+01:00','end_at':'2026-01-01T00:00:00Z'}", "schedule.end_at")]
    [InlineData("'retries':-1", "retries")]
    [InlineData("'retries':101", "retries")]
    [InlineData("'timeout':-1", "timeout")]
    [InlineData("'timeout':604801", "timeout")]
    [InlineData("'priority':101", "priority")]
    [InlineData("'priority':-1", "priority")]
    [InlineData("'completion':{'exit_codes':[0,256]}", "completion.exit_codes[1]")]
    [InlineData("'completion':{'exit_codes':[-256]}", "completion.exit_codes[0]")]
    [InlineData("'completion':{'stdout_contains':['ok',null]}", "completion.stdout_contains[1]")]
    [InlineData("'retry_backoff':{'factor':0.5}", "retry_backoff.factor")]
    [InlineData("'retry_backoff':{'initial_seconds':0}", "retry_backoff.initial_seconds")]
    [InlineData("'retry_backoff':{'initial_seconds':10,'max_seconds':5}", "retry_backoff.max_seconds")]
    public void An_invalid_member_is_reported_at_its_field_path(string members, string field)
    {
        var errors = Check(JobJson.Minimal(members));

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not json")]
    [InlineData("{'name':")]
    [InlineData("{name:'x'}")]
    [InlineData("{'name':'x',}")]
    [InlineData("{'name':'x'} // comment")]
    [InlineData("{'name':'x'}{'name':'y'}")]
    [InlineData("[{'name':'x'}]")]
    [InlineData("'a job'")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_body_that_is_not_one_json_object_is_reported_on_the_body(string body)
    {
        var error = Assert.Single(Check(JobJson.Quote(body)));

        Assert.Equal(FieldError.Body, error.Field);
    }

    [Theory]
    [InlineData("", "is empty; send a JSON object")]
    [InlineData(" \r\n", "is empty; send a JSON object")]
    [InlineData("[1]", "must be a JSON object, not an array")]
    [InlineData("null", "must be a JSON object, not null")]
    [InlineData("{name:1}", "is not valid JSON (line 1, byte 2): 'n' is an invalid start of a property name. Expected a '\"'")]
    public void Body_messages_say_what_is_wrong_and_where(string body, string message)
    {
        Assert.Equal(new FieldError(FieldError.Body, message), Assert.Single(Check(body)));
    }

    [Fact]
    public void A_merged_object_nested_too_deep_is_refused_like_a_body()
    {
        var deep = System.Text.Json.Nodes.JsonNode.Parse("{\"a\":" + new string('[', 40) + new string(']', 40) + "}")!.AsObject();

        var read = JobDocumentReader.Read(deep);

        Assert.Equal(new FieldError(FieldError.Body, "nests objects and arrays deeper than 32 levels"), Assert.Single(read.Errors));
    }

    [Fact]
    public void Invalid_utf8_is_reported_on_the_body()
    {
        byte[] body = [.. "{\"name\":\""u8, 0xC3, 0x28, .. "\",\"executor\":{\"type\":\"shell\",\"script\":\"x\"}}"u8];

        var error = Assert.Single(Check(body));

        Assert.Equal(new FieldError(FieldError.Body, "is not valid UTF-8"), error);
    }

    [Fact]
    public void A_leading_byte_order_mark_is_accepted()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(JobJson.HydraJobsExample)];

        Assert.Empty(Check(body));
    }

    [Theory]
    [InlineData(31, true)]
    [InlineData(32, false)]
    [InlineData(5000, false)]
    public void Nesting_beyond_32_levels_is_refused_even_inside_unknown_fields(int innerArrays, bool accepted)
    {
        // The root object is one level, so 31 inner arrays make exactly 32.
        var body = JobJson.Minimal("")[..^1] + ",\"junk\":" + new string('[', innerArrays) + new string(']', innerArrays) + "}";

        var errors = Check(body);

        if (accepted)
        {
            Assert.True(errors.Count == 0, string.Join("; ", errors));
        }
        else
        {
            Assert.Equal(new FieldError(FieldError.Body, "nests objects and arrays deeper than 32 levels"), Assert.Single(errors));
        }
    }

    public static TheoryData<string, string> OversizedMembers => new()
    {
        { $"'name':'{new string('n', 201)}'", "name" },
        { $"'executor':{{'type':'shell','script':'{new string('x', 256 * 1024 + 1)}'}}", "executor.script" },
        // 100,000 three-byte characters are 300,000 bytes: the limit is on UTF-8 bytes, not characters.
        { $"'executor':{{'type':'python','code':'{new string('€', 100_000)}'}}", "executor.code" },
        { $"'affinity':{{'tags':[{string.Join(',', Enumerable.Range(0, 101).Select(i => $"'t{i}'"))}]}}", "affinity.tags" },
        { $"'affinity':{{'hostnames':['{new string('h', 201)}']}}", "affinity.hostnames[0]" },
        { $"'executor':{{'type':'external','command':'x','args':[{string.Join(',', Enumerable.Repeat("'a'", 1001))}]}}", "executor.args" },
        { $"'executor':{{'type':'shell','script':'x','env':{{{string.Join(',', Enumerable.Range(0, 501).Select(i => $"'V{i}':'1'"))}}}}}", "executor.env" },
        { $"'completion':{{'stderr_not_contains':['{new string('e', 4097)}']}}", "completion.stderr_not_contains[0]" },
    };

    [Theory]
    [MemberData(nameof(OversizedMembers))]
    public void A_member_over_its_size_limit_is_reported_at_its_field_path(string members, string field)
    {
        var error = Assert.Single(Check(JobJson.Minimal(members)));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var body = JobJson.Quote(
            "{'name':'','executor':{'type':'shell','script':'','shell':'fish'},'retries':-1,'priority':500," +
            "'schedule':{'mode':'cron','cron':'bad','timezone':'Nowhere/Else'},'completion':{'exit_codes':[999]}}");

        var fields = Check(body).Select(e => e.Field).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["completion.exit_codes[0]", "executor.script", "executor.shell", "name", "priority", "retries", "schedule.cron", "schedule.timezone"],
            fields);
    }

    [Theory]
    [InlineData("'executor':{'type':'shell','script':42}", "executor.script", "must be a string")]
    [InlineData("'affinity':{'os':'linux'}", "affinity.os", "must be an array of strings")]
    [InlineData("'retries':'3'", "retries", "must be a whole number")]
    [InlineData("'schedule':{'enabled':1}", "schedule.enabled", "must be true or false")]
    [InlineData("'executor':[]", "executor", "must be an object")]
    [InlineData("'executor':{'type':'shell','env':[]}", "executor.env", "must be an object whose values are strings or {\"secret\": \"name\"} objects")]
    [InlineData("'schedule':{'start_at':'soon'}", "schedule.start_at", "must be an ISO 8601 timestamp such as 2026-01-02T03:04:05Z")]
    [InlineData("'schedule':{'mode':'cron','cron':'* * *'}", "schedule.cron", "must be a 5-field cron expression (minute hour day-of-month month day-of-week), a 6-field one with seconds first, or a macro such as @daily; '* * *' has 3 fields")]
    [InlineData("'executor':{'type':'ssh'}", "executor.type", "must be one of shell, batch, python, external, http; got 'ssh'")]
    [InlineData("'retries':101", "retries", "must be between 0 and 100; got 101")]
    [InlineData("'schedule':{'mode':'cron','cron':'61 * * * *'}", "schedule.cron", "must be a 5-field cron expression (minute hour day-of-month month day-of-week), a 6-field one with seconds first, or a macro such as @daily: Minutes: Value must be a number between 0 and 59 (all inclusive)")]
    [InlineData("'schedule':{'start_at':'2026-02-01T00:00:00Z','end_at':'2026-02-01T00:00:00Z'}", "schedule.end_at", "must be after start_at")]
    public void Messages_name_the_rule(string members, string field, string message)
    {
        Assert.Equal(new FieldError(field, message), Assert.Single(Check(JobJson.Minimal(members))));
    }

    [Fact]
    public void A_field_error_reads_as_a_sentence_and_groups_for_problem_details()
    {
        FieldError[] errors = [new("name", "is required"), new("executor.env", "a"), new("executor.env", "b")];

        Assert.Equal("name is required", errors[0].ToString());
        Assert.Equal("The request body is not valid UTF-8", new FieldError(FieldError.Body, "is not valid UTF-8").ToString());
        Assert.Equal(["a", "b"], FieldError.ToProblemErrors(errors)["executor.env"]);
        Assert.Equal("name is required; and 2 more problems.", FieldError.Describe(errors));
    }
}
