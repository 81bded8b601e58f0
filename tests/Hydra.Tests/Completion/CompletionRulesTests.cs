using System.Text.Json;
using Hydra.Shared.Completion;
using Hydra.Shared.Json;
using Hydra.Shared.Runs;

namespace Hydra.Tests.Completion;

public sealed class CompletionRulesTests
{
    [Theory]
    [InlineData(null, 0, "", "", "success", "criteria satisfied")]
    [InlineData(null, 42, "", "", "failed", "exit code 42 not in [0]")]
    [InlineData("{'exit_codes':[]}", 0, "", "", "success", "criteria satisfied")]
    [InlineData("{'exit_codes':[]}", 1, "", "", "failed", "exit code 1 not in [0]")]
    [InlineData("{'exit_codes':[0,1]}", 1, "", "", "success", "criteria satisfied")]
    [InlineData("{'exit_codes':[0,1]}", 2, "", "", "failed", "exit code 2 not in [0, 1]")]
    [InlineData("{'exit_codes':[-1]}", -1, "", "", "success", "criteria satisfied")]
    [InlineData(null, null, "", "", "failed", "no exit code, expected one in [0]")]
    [InlineData("{'stdout_contains':['hello']}", 0, "hello world", "", "success", "criteria satisfied")]
    [InlineData("{'stdout_contains':['hello','bye']}", 0, "hello world", "", "failed", "stdout missing 'bye'")]
    [InlineData("{'stdout_contains':['Hello']}", 0, "hello world", "", "failed", "stdout missing 'Hello'")]
    [InlineData("{'stdout_contains':['hello']}", 0, "", "hello", "failed", "stdout missing 'hello'")]
    [InlineData("{'stdout_contains':['a\\nb']}", 0, "xa\nby", "", "success", "criteria satisfied")]
    [InlineData("{'stdout_not_contains':['ERROR']}", 0, "an ERROR here", "", "failed", "stdout found forbidden 'ERROR'")]
    [InlineData("{'stdout_not_contains':['ERROR']}", 0, "an error here", "", "success", "criteria satisfied")]
    [InlineData("{'stderr_contains':['warn']}", 0, "warn", "", "failed", "stderr missing 'warn'")]
    [InlineData("{'stderr_contains':['warn']}", 0, "", "warning: x", "success", "criteria satisfied")]
    [InlineData("{'stderr_not_contains':['fatal']}", 0, "", "fatal: x", "failed", "stderr found forbidden 'fatal'")]
    [InlineData("{'stdout_contains':[''],'stdout_not_contains':[''],'stderr_contains':[''],'stderr_not_contains':['']}", 0, "", "", "success", "criteria satisfied")]
    // order: exit code, then stdout_contains, stdout_not_contains, stderr_contains, stderr_not_contains
    [InlineData("{'stdout_contains':['ok']}", 3, "", "", "failed", "exit code 3 not in [0]")]
    [InlineData("{'stdout_contains':['ok'],'stdout_not_contains':['bad']}", 0, "bad", "", "failed", "stdout missing 'ok'")]
    [InlineData("{'stdout_not_contains':['bad'],'stderr_contains':['ok']}", 0, "bad", "", "failed", "stdout found forbidden 'bad'")]
    [InlineData("{'stderr_contains':['ok'],'stderr_not_contains':['bad']}", 0, "", "bad", "failed", "stderr missing 'ok'")]
    public void Completion_follows_the_hydra_jobs_rules_and_reasons(
        string? spec, int? exitCode, string stdout, string stderr, string status, string reason)
    {
        var completion = spec is null ? null : JsonSerializer.Deserialize(spec.Replace('\'', '"'), HydraJson.Context.CompletionSpec);

        var verdict = CompletionRules.Evaluate(completion, exitCode, stdout, stderr, timedOut: false, timeoutSeconds: 0);

        Assert.Equal(new CompletionVerdict(status == RunStatus.Success, status, reason), verdict);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    [InlineData(137)]
    public void A_timeout_is_its_own_outcome_whatever_the_exit_code_and_output(int? exitCode)
    {
        var completion = JsonSerializer.Deserialize("""{"stdout_contains":["done"]}""", HydraJson.Context.CompletionSpec);

        var verdict = CompletionRules.Evaluate(completion, exitCode, "done", "", timedOut: true, timeoutSeconds: 10);

        Assert.Equal(new CompletionVerdict(false, RunStatus.TimedOut, "timed out after 10s"), verdict);
    }
}
