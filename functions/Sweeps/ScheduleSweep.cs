using Hydra.Functions.Catalog;
using Hydra.Functions.Coordination;
using Hydra.Functions.Schedules;
using Hydra.Functions.Store;
using Hydra.Functions.Timers;

namespace Hydra.Functions.Sweeps;

/// <summary>
/// Timer function (every second): fires the slots of jobs whose next_run_at is due. Run once, bounded: one batch of
/// at most <see cref="BatchSize"/> due jobs, soonest first through the jobs_due index; a full batch wakes the sweep
/// again at once to continue. Idempotent and safe when two run at once (two lean hosts, or the Functions host's
/// timer next to the lean host): each job's slot commits with a compare-and-set on its next_run_at, so exactly one
/// sweep fires it and the other skips the job. Afterwards it arms <see cref="ScheduleWake"/> for the soonest
/// next_run_at, so on the lean host the next slot is fired at its instant rather than at the next whole second.
/// </summary>
internal static class ScheduleSweep
{
    public const int BatchSize = 200;

    public static async Task<TimerOutcome> InvokeAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IScheduleStore>();
        var firing = services.GetRequiredService<SlotFiring>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        var due = await store.DueJobsAsync(now, BatchSize, ct);
        var fired = 0;
        foreach (var job in due)
        {
            if (await firing.FireAsync(job, now, ct))
            {
                fired++;
            }
        }

        if (due.Count == BatchSize)
        {
            services.GetRequiredService<TimerWakeups>().Wake(SweepNames.Schedule);
        }

        services.GetRequiredService<ScheduleWake>().Arm(await store.SoonestAsync(ct), now);
        return new TimerOutcome(due.Count == 0 ? "" : $"fired {fired} of {due.Count} due job(s)");
    }
}
