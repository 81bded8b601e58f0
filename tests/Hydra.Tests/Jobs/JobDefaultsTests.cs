using Hydra.Shared.Jobs;

namespace Hydra.Tests.Jobs;

public sealed class JobDefaultsTests
{
    private static JobDocument Read(string body)
    {
        var read = JobDocumentReader.Read(JobJson.Quote(body));
        Assert.True(read.IsSuccess, string.Join("; ", read.Errors));
        return read.Value;
    }

    [Fact]
    public void The_hydra_jobs_example_validates_clean()
    {
        var job = JobDefaults.Apply(JobDocumentReader.Read(JobJson.HydraJobsExample).Value!);

        Assert.Empty(JobValidator.Validate(job));
    }

    [Fact]
    public void A_minimal_job_gets_the_documented_defaults()
    {
        var job = JobDefaults.Apply(Read("{'name':'n','executor':{'type':'shell','script':'x'}}"));

        Assert.Equal(5, job.Priority);
        Assert.Equal(0, job.Retries);
        Assert.Equal(0, job.Timeout);
        Assert.Equal(JobModes.Immediate, job.Schedule!.Mode);
        Assert.True(job.Schedule.Enabled);
        Assert.Equal("UTC", job.Schedule.Timezone);
        Assert.Equal([0], job.Completion!.ExitCodes!);
        Assert.Empty(job.Completion.StdoutContains!);
        Assert.Empty(job.Affinity!.Tags!);
        Assert.Equal("bash", job.Executor!.Shell);
        Assert.Empty(JobValidator.Validate(job));
    }

    [Theory]
    [InlineData("{'type':'shell','script':'x'}", "bash")]
    [InlineData("{'type':'shell','script':'x','shell':' ZSH '}", "zsh")]
    [InlineData("{'type':'batch','script':'x'}", "cmd")]
    [InlineData("{'type':'Batch','script':'x','shell':'pwsh'}", "pwsh")]
    public void The_shell_defaults_by_executor_type(string executor, string shell)
    {
        var job = JobDefaults.Apply(Read($"{{'name':'n','executor':{executor}}}"));

        Assert.Equal(shell, job.Executor!.Shell);
    }

    [Fact]
    public void Python_takes_its_code_from_script_and_defaults_its_interpreter()
    {
        var job = JobDefaults.Apply(Read("{'name':'n','executor':{'type':'python','script':'print(1)','environment':{}}}"));

        Assert.Equal("print(1)", job.Executor!.Code);
        Assert.Equal("python3", job.Executor.Interpreter);
        Assert.Equal("system", job.Executor.Environment!.Type);
    }

    [Fact]
    public void Python_code_wins_over_script_when_both_are_given()
    {
        var job = JobDefaults.Apply(Read("{'name':'n','executor':{'type':'python','script':'old','code':'new'}}"));

        Assert.Equal("new", job.Executor!.Code);
    }

    [Fact]
    public void Names_are_trimmed_os_lower_cased_and_blank_entries_dropped()
    {
        var job = JobDefaults.Apply(Read("{'name':'  nightly ','schedule':{'mode':' Cron ','timezone':' '},'affinity':{'os':['Linux',' WINDOWS ',''],'tags':[' GPU ','  ']}}"));

        Assert.Equal("nightly", job.Name);
        Assert.Equal(JobModes.Cron, job.Schedule!.Mode);
        Assert.Equal("UTC", job.Schedule.Timezone);
        Assert.Equal(["linux", "windows"], job.Affinity!.Os!);
        Assert.Equal(["GPU"], job.Affinity.Tags!);
    }

    [Fact]
    public void An_empty_exit_code_list_means_zero()
    {
        var job = JobDefaults.Apply(Read("{'completion':{'exit_codes':[]}}"));

        Assert.Equal([0], job.Completion!.ExitCodes!);
    }

    [Fact]
    public void Given_values_are_kept_and_applying_twice_changes_nothing()
    {
        var job = Read("{'name':'n','priority':0,'retries':3,'timeout':60,'schedule':{'enabled':false,'timezone':'Europe/Berlin'},'completion':{'exit_codes':[1,2]}}");

        JobDefaults.Apply(job);
        var once = System.Text.Json.JsonSerializer.Serialize(job, Hydra.Shared.Json.HydraJson.JobDocument);
        JobDefaults.Apply(job);

        Assert.Equal(0, job.Priority);
        Assert.Equal(3, job.Retries);
        Assert.Equal(60, job.Timeout);
        Assert.False(job.Schedule!.Enabled);
        Assert.Equal("Europe/Berlin", job.Schedule.Timezone);
        Assert.Equal([1, 2], job.Completion!.ExitCodes!);
        Assert.Equal(once, System.Text.Json.JsonSerializer.Serialize(job, Hydra.Shared.Json.HydraJson.JobDocument));
    }

    [Fact]
    public void A_put_merges_a_body_over_the_stored_job_and_reads_the_result()
    {
        var stored = System.Text.Json.JsonSerializer.SerializeToNode(
            JobDefaults.Apply(JobDocumentReader.Read(JobJson.HydraJobsExample).Value!), Hydra.Shared.Json.HydraJson.JobDocument)!.AsObject();
        var patch = JobDocumentReader.ReadObject("""{"retries":2,"schedule":{"mode":"cron","cron":"0 9 * * *"}}"""u8);
        Assert.True(patch.IsSuccess);

        foreach (var (key, value) in patch.Value.ToList())
        {
            stored[key] = value?.DeepClone();
        }

        var merged = JobDocumentReader.Read(stored);

        Assert.True(merged.IsSuccess, string.Join("; ", merged.Errors));
        Assert.Equal(2, merged.Value.Retries);
        Assert.Equal("0 9 * * *", merged.Value.Schedule!.Cron);
        Assert.Null(merged.Value.Schedule.IntervalSeconds);
        Assert.Equal("test-echo", merged.Value.Name);
    }

    [Fact]
    public void A_merged_object_with_a_wrong_type_reports_its_field()
    {
        var merged = System.Text.Json.Nodes.JsonNode.Parse("""{"name":"n","timeout":"ten"}""")!.AsObject();

        var read = JobDocumentReader.Read(merged);

        Assert.Equal(new FieldError("timeout", "must be a whole number"), Assert.Single(read.Errors));
    }
}
