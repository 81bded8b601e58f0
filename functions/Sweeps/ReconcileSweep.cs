using System.Text.Json;
using Hydra.Functions.Catalog;
using Hydra.Functions.Coordination;
using Hydra.Functions.Runs;
using Hydra.Functions.Store;
using Hydra.Shared.Json;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Sweeps;

/// <summary>
/// Timer function: the store is the source of truth for runs. Any run the store holds as queued or running, unchanged
/// for longer than the grace period, that Redis does not know (the app died between the store write and the push, or
/// Redis lost its data) is dispatched again. The store-side compare-and-set (<see cref="IRunStore.TryMarkRedispatchAsync"/>)
/// runs after the Redis check: if ingest persisted an outcome in between, the CAS fails and nothing is dispatched twice.
/// A run that had started gets a new attempt; one that never started keeps its attempt number.
/// Split from DispatchSweep so placement can run on every wake-up while this scan runs on its own, slower, schedule.
/// </summary>
internal static class ReconcileSweep
{
    public const int PageSize = 500;

    public static async Task<TimerOutcome> InvokeAsync(IServiceProvider services, CancellationToken ct)
    {
        var runs = services.GetRequiredService<IRunStore>();
        var dispatcher = services.GetRequiredService<RunDispatcher>();
        var launcher = services.GetRequiredService<RunLauncher>();
        var options = services.GetRequiredService<IOptions<CoordinationOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        var redispatched = 0;
        string? after = null;
        while (true)
        {
            var page = await runs.ListActiveAsync(now - options.ReconcileGrace, after, PageSize, ct);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var domain in page.GroupBy(r => r.Domain))
            {
                var unknown = (await dispatcher.FindUnknownAsync(domain.Key, domain.Select(r => r.Id).ToList(), ct)).ToHashSet();
                foreach (var run in domain.Where(r => unknown.Contains(r.Id)))
                {
                    if (!await runs.TryMarkRedispatchAsync(run.Id, run.UpdatedAt, now, ct))
                    {
                        continue;
                    }

                    var payload = JsonSerializer.Deserialize(run.Dispatch, HydraJson.DispatchPayload)!;
                    payload.Attempt = Math.Max(run.Attempt, 1);
                    if (run.Status == RunStatus.Running)
                    {
                        // Its attempt's state vanished with Redis: record it as lost and start the next one.
                        payload.Attempt = run.Attempt + 1;
                        await runs.ApplyAsync([LostAttempt(run, payload.Attempt, now)], ct);
                    }

                    await launcher.TryDispatchAsync(payload, ct);
                    redispatched++;
                }
            }

            after = page[^1].Id;
            if (page.Count < PageSize)
            {
                break;
            }
        }

        return new TimerOutcome($"re-dispatched {redispatched} run(s) Redis did not know");
    }

    private static RunUpdate LostAttempt(RunRecord run, int nextAttempt, DateTimeOffset now) => new()
    {
        RunId = run.Id,
        Domain = run.Domain,
        Attempt = run.Attempt,
        AttemptStatus = RunStatus.Lost,
        RunStatus = RunStatus.Queued,
        NextAttempt = nextAttempt,
        EndedAt = now,
        CompletionReason = "lost: Redis no longer knew this attempt",
    };
}
