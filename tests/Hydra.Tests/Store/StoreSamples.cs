using System.Text.Json.Nodes;
using Hydra.Functions.Store;
using Hydra.Shared.Runs;

namespace Hydra.Tests.Store;

/// <summary>Records for the store tests, with every instant at a whole millisecond (what the store keeps).</summary>
internal static class StoreSamples
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>T0 plus whole milliseconds (AddSeconds(1.001) would land a tick short of 1001 ms).</summary>
    public static DateTimeOffset At(double seconds) => T0.AddMilliseconds(Math.Round(seconds * 1000));

    public static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 40)];

    public static JobRecord Job(string id, string domain = "d1", string? name = null, DateTimeOffset? createdAt = null, string mode = "interval") =>
        new(
            id, domain, name ?? $"job {id}", Enabled: true, NextRunAt: At(60), CreatedAt: createdAt ?? T0, UpdatedAt: createdAt ?? T0,
            Version: 1, Document: $$$"""{"name": "{{{name ?? id}}}", "schedule": {"mode": "{{{mode}}}", "interval_seconds": 60}}""");

    public static RunRecord Run(
        string id, string jobId = "job-1", string domain = "d1", string status = RunStatus.Queued,
        DateTimeOffset? createdAt = null, string? idempotencyKey = null) => new()
        {
            Id = id,
            Domain = domain,
            JobId = jobId,
            Status = status,
            Priority = 5,
            CreatedAt = createdAt ?? T0,
            Trigger = "manual",
            ExecutorType = "shell",
            Attempt = 1,
            RetriesRemaining = 2,
            Dispatch = $$$"""{"run_id": "{{{id}}}", "executor": {"type": "shell", "script": "echo hi"}}""",
            IdempotencyKey = idempotencyKey,
            UpdatedAt = createdAt ?? T0,
        };

    public static RunUpdate Update(RunRecord run, int attempt, string attemptStatus, string? runStatus) => new()
    {
        RunId = run.Id,
        Domain = run.Domain,
        Attempt = attempt,
        AttemptStatus = attemptStatus,
        RunStatus = runStatus,
    };

    /// <summary>JSON equality by meaning: PostgreSQL's jsonb reorders keys and drops whitespace.</summary>
    public static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}, got {actual}");
}
