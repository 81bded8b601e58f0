using Hydra.Functions.Store;
using Hydra.Shared.Redis;
using static Hydra.Tests.Schedules.ScheduleMathTests;

namespace Hydra.Tests.Schedules;

/// <summary>Two lean hosts on one store and one Redis, sweeping at the same instants: every slot fires exactly once.</summary>
public sealed class ConcurrentSweepTests
{
    private const int Jobs = 50;
    private const int Slots = 200;

    [Fact]
    public async Task Two_sweeps_on_one_store_fire_each_of_200_slots_of_50_jobs_exactly_once()
    {
        var t0 = At("2026-02-01T00:00:00Z");
        await using var first = await ScheduleHarness.StartAsync(t0);
        var shared = new Dictionary<string, string?>
        {
            ["HYDRA_STORE"] = "sqlite://" + first.App.Get<StoreOptions>().Target,
            ["HYDRA_REDIS_PREFIX"] = first.App.RedisPrefix,
        };
        await using var second = await ScheduleHarness.StartAsync(t0, shared);

        var ids = new List<string>();
        for (var j = 0; j < Jobs; j++)
        {
            ids.Add(await first.CreateJobAsync($"tick-{j}", """{"mode":"interval","interval_seconds":1,"start_at":"2026-02-01T00:00:00Z"}"""));
        }

        for (var s = 0; s < Slots; s++)
        {
            var at = t0.AddSeconds(s);
            first.Clock.SetUtcNow(at);
            second.Clock.SetUtcNow(at);
            await Task.WhenAll(first.SweepAsync(), second.SweepAsync());
        }

        var expected = Enumerable.Range(0, Slots).Select(s => t0.AddSeconds(s)).ToList();
        var runIds = new HashSet<string>();
        foreach (var id in ids)
        {
            var runs = await first.RunsAsync(id);
            Assert.Equal(expected, runs.Select(r => r.ScheduledAt!.Value));
            runIds.UnionWith(runs.Select(r => r.Id));
        }

        // Each run reached Redis once as well: the domain's pending set holds every run, and no more.
        var pending = await first.App.Get<RunDispatcher>().FindUnknownAsync(first.App.BootstrapDomain, [.. runIds], CancellationToken.None);
        Assert.Empty(pending);
        Assert.Equal(Jobs * Slots, runIds.Count);
    }
}
