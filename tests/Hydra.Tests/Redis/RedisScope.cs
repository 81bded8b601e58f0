using Hydra.Shared.Jobs;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;
using Hydra.Tests.Infrastructure;
using StackExchange.Redis;

namespace Hydra.Tests.Redis;

/// <summary>
/// The real test Redis under a key prefix of its own (one per test, since xunit builds a class instance per test), so
/// tests run in parallel without seeing each other's keys. One connection is shared by the whole run; it fails, never
/// skips, when HYDRA_TEST_REDIS is missing.
/// </summary>
public sealed class RedisScope : IAsyncLifetime
{
    private static readonly Lazy<Task<IConnectionMultiplexer>> SharedConnection =
        new(() => RedisConnection.ConnectAsync(TestServices.Redis, "hydra-tests", CancellationToken.None));

    public const string Domain = "acme";
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    internal string Prefix { get; } = TestServices.UniqueName("rt");
    internal IConnectionMultiplexer Connection { get; private set; } = null!;
    internal LuaScripts Scripts { get; private set; } = null!;
    internal RedisKeys Keys => Scripts.Keys;
    internal IDatabase Db => Scripts.Database;
    internal WorkerRegistry Registry { get; private set; } = null!;
    internal RunDispatcher Dispatcher { get; private set; } = null!;
    internal RunClaimer Claimer { get; private set; } = null!;
    internal AttemptReporter Reporter { get; private set; } = null!;
    internal IngestQueue Ingest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connection = await SharedConnection.Value;
        Assert.True(Connection.IsConnected, $"Redis at {TestServices.Redis} is not reachable.");
        Scripts = RedisConnection.Scripts(Connection, Prefix);
        Registry = new WorkerRegistry(Scripts);
        Dispatcher = new RunDispatcher(Scripts);
        Claimer = new RunClaimer(Scripts);
        Reporter = new AttemptReporter(Scripts);
        Ingest = new IngestQueue(Scripts);
    }

    public async Task DisposeAsync()
    {
        var server = Connection.GetServer(Connection.GetEndPoints()[0]);
        foreach (var key in server.Keys(pattern: Prefix + ":*", pageSize: 500))
        {
            await Db.KeyDeleteAsync(key);
        }
    }

    /// <summary>Redis's clock, to bracket what the scripts stamp with TIME.</summary>
    internal async Task<long> RedisNowMsAsync()
    {
        var time = await Connection.GetServer(Connection.GetEndPoints()[0]).TimeAsync();
        return new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
    }

    internal static WorkerRegistration Worker(string id, int max = 2, string os = "linux", string[]? tags = null, string[]? users = null, string? hostname = null) =>
        new()
        {
            Domain = Domain,
            WorkerId = id,
            Os = os,
            Tags = tags ?? [],
            AllowedUsers = users ?? [],
            Hostname = hostname ?? id + ".local",
            MaxConcurrency = max,
            Version = "1.0.0",
        };

    internal static DispatchPayload Run(string id, AffinitySpec? affinity = null, string? user = null, int priority = JobModes.DefaultPriority, long enqueuedMs = 0) =>
        new()
        {
            RunId = id,
            JobId = "job-" + id,
            Domain = Domain,
            User = user,
            Affinity = affinity,
            Priority = priority,
            Executor = new ExecutorSpec { Type = JobModes.Shell, Script = "echo " + id },
            EnqueuedAt = enqueuedMs == 0 ? default : DateTimeOffset.FromUnixTimeMilliseconds(enqueuedMs),
        };

    internal async Task<RegistrationResult> RegisterAsync(string id, int max = 2) =>
        await Registry.RegisterAsync(Worker(id, max), CancellationToken.None);

    internal async Task<DispatchResult> DispatchAsync(DispatchPayload payload) =>
        await Dispatcher.DispatchAsync(payload, Ttl, CancellationToken.None);

    internal async Task<string?> RunFieldAsync(string runId, string field) =>
        await Db.HashGetAsync(Keys.Run(Domain, runId), field);

    internal async Task<string[]> ListAsync(RedisKey key) =>
        [.. (await Db.ListRangeAsync(key)).Select(v => (string)v!)];

    /// <summary>Claims the next run and reports it finished with the lease the claim gave.</summary>
    internal async Task<DispatchPayload> ClaimAndCompleteAsync(string workerId, string status = RunStatus.Success)
    {
        var run = await Claimer.ClaimAsync(Domain, workerId, 0, Guid.NewGuid().ToString("N"), CancellationToken.None);
        Assert.NotNull(run);
        var result = await Reporter.CompleteAsync(Outcome(run, workerId, status), CancellationToken.None);
        Assert.Equal(CompletionResult.Completed, result);
        return run;
    }

    internal static AttemptOutcome Outcome(DispatchPayload run, string workerId, string status = RunStatus.Success, string? lease = null) =>
        new()
        {
            RunId = run.RunId,
            Domain = run.Domain,
            Attempt = run.Attempt,
            LeaseToken = lease ?? run.LeaseToken!,
            WorkerId = workerId,
            Slot = 0,
            Status = status,
            ReturnCode = status == RunStatus.Success ? 0 : 1,
            Stdout = "out of " + run.RunId,
            Stderr = "",
            CompletionReason = status == RunStatus.Success ? "criteria satisfied" : "exit code 1 not in [0]",
        };
}
