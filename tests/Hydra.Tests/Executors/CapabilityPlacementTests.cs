using Hydra.Shared.Jobs;
using Hydra.Shared.Redis;
using Hydra.Tests.Redis;

namespace Hydra.Tests.Executors;

/// <summary>Dispatch against workers' capabilities (eligibility.lua), and the pending reason it leaves.</summary>
public sealed class CapabilityPlacementTests : IAsyncLifetime
{
    private readonly RedisScope _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    private async Task RegisterAsync(string id, string os = "linux", params string[] provides) =>
        await _redis.Registry.RegisterAsync(
            RedisScope.Worker(id, os: os) with { Capabilities = $$"""{"provides":[{{string.Join(",", provides.Select(p => $"\"{p}\""))}}]}""" },
            CancellationToken.None);

    private static Hydra.Shared.Runs.DispatchPayload Python(string id, string? version)
    {
        var run = RedisScope.Run(id);
        run.Executor = new ExecutorSpec
        {
            Type = "python", Code = "print(1)", Interpreter = "python3",
            Environment = new PythonEnvironmentSpec { PythonVersion = version },
        };
        return run;
    }

    [Fact]
    public async Task A_python_version_goes_only_to_a_worker_that_provides_it()
    {
        await RegisterAsync("a311", "linux", "python3", "python3.11");
        await RegisterAsync("b312", "linux", "python3", "python3.12");

        Assert.Equal("b312", (await _redis.DispatchAsync(Python("r1", "3.12"))).WorkerId);
        Assert.Equal("a311", (await _redis.DispatchAsync(Python("r2", "python3.11"))).WorkerId);
    }

    [Fact]
    public async Task A_need_no_worker_provides_leaves_the_run_pending_with_the_reason_until_a_worker_has_it()
    {
        await RegisterAsync("a311", "linux", "python3", "python3.11");

        var result = await _redis.DispatchAsync(Python("r1", "3.12"));

        Assert.Equal(DispatchOutcome.Pending, result.Outcome);
        Assert.Equal("no eligible worker: needs python3.12", await _redis.Dispatcher.PendingReasonAsync(RedisScope.Domain, "r1", CancellationToken.None));

        await RegisterAsync("b312", "linux", "python3.12");
        Assert.Equal(1, await _redis.Dispatcher.PlacePendingAsync(RedisScope.Domain, 10, RedisScope.Ttl, CancellationToken.None));
        Assert.Null(await _redis.Dispatcher.PendingReasonAsync(RedisScope.Domain, "r1", CancellationToken.None));
        Assert.Equal("b312", await _redis.RunFieldAsync("r1", "worker"));
    }

    [Fact]
    public async Task The_pending_reason_names_what_is_missing_and_follows_the_workers()
    {
        var run = RedisScope.Run("r1");
        run.Executor = new ExecutorSpec { Type = "batch", Script = "echo hi" };

        await _redis.DispatchAsync(run);
        Assert.Equal("no eligible worker: no worker is online", await _redis.Dispatcher.PendingReasonAsync(RedisScope.Domain, "r1", CancellationToken.None));

        await RegisterAsync("lin", "linux", "bash");
        await _redis.Dispatcher.PlacePendingAsync(RedisScope.Domain, 10, RedisScope.Ttl, CancellationToken.None);
        Assert.Equal("no eligible worker: needs os windows", await _redis.Dispatcher.PendingReasonAsync(RedisScope.Domain, "r1", CancellationToken.None));
        Assert.Empty(await _redis.ListAsync(_redis.Keys.Queue(RedisScope.Domain, "lin")));
    }

    [Fact]
    public async Task A_run_without_needs_ignores_capabilities()
    {
        await RegisterAsync("bare", "linux");

        Assert.Equal("bare", (await _redis.DispatchAsync(RedisScope.Run("r1"))).WorkerId);
    }

    [Theory]
    [InlineData("python", null, "3.12", null, "python3.12")]
    [InlineData("python", "python3", "python3.9", null, "python3.9")]
    [InlineData("python", null, null, null, "python3")]
    [InlineData("python", "/opt/py/bin/python", "3.12", null, "")]
    [InlineData("python", null, "3.12", "uv", "uv")]
    [InlineData("shell", null, null, null, "")]
    public void Needs_come_from_the_executor(string type, string? interpreter, string? version, string? environment, string needs)
    {
        var executor = new ExecutorSpec
        {
            Type = type, Interpreter = interpreter, Shell = type == "shell" ? "bash" : null,
            Environment = new PythonEnvironmentSpec { Type = environment, PythonVersion = version },
        };

        Assert.Equal(needs, string.Join(",", ExecutorNeeds.Of(executor)));
    }

    [Fact]
    public void Pwsh_is_a_need_and_windows_powershell_and_batch_need_windows()
    {
        Assert.Equal(["pwsh"], ExecutorNeeds.Of(new ExecutorSpec { Type = "shell", Shell = "pwsh" }));
        Assert.True(ExecutorNeeds.RequiresWindows(new ExecutorSpec { Type = "shell", Shell = "powershell" }));
        Assert.True(ExecutorNeeds.RequiresWindows(new ExecutorSpec { Type = "batch" }));
        Assert.False(ExecutorNeeds.RequiresWindows(new ExecutorSpec { Type = "shell", Shell = "pwsh" }));
    }
}
