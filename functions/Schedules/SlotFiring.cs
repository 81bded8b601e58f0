using Hydra.Functions.Jobs;
using Hydra.Functions.Runs;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;
using Hydra.Shared.Scheduling;

namespace Hydra.Functions.Schedules;

/// <summary>
/// Fires one due job: plans its slots (<see cref="SlotPlanner"/>), builds their runs, commits them together with
/// the job's next_run_at in one store transaction (<see cref="IScheduleStore.CommitAsync"/>), and only after
/// the commit dispatches to Redis, cancels what overlap: replace displaced, and reports missed slots. A crash
/// between commit and dispatch leaves a queued run that ReconcileSweep dispatches.
/// The run of a slot is identified by <c>schedule:&lt;job id&gt;:&lt;slot unix ms&gt;</c> (unique per domain), so
/// even a writer that bypassed the compare-and-set could not create a slot's run twice.
/// </summary>
internal sealed class SlotFiring(
    IScheduleStore store, RunLauncher launcher, IRunMissedNotifier missed, IServiceProvider services, ILogger<SlotFiring> log)
{
    /// <summary>Fires the job's due slots; false when another sweep (or an edit) moved the job on first.</summary>
    public async Task<bool> FireAsync(JobRecord record, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var job = JobRecords.FromRecord(record);
        var schedule = job.Schedule!;
        var due = record.NextRunAt ?? throw new ArgumentException($"Job {record.Id} has no next_run_at.", nameof(record));
        var plan = SlotPlanner.Plan(schedule, due, now);

        var payloads = new Dictionary<string, DispatchPayload>();
        var runs = new List<RunRecord>(plan.Runs.Count);
        foreach (var planned in plan.Runs)
        {
            var (run, payload) = RunDraft.Create(job, RunTriggers.Schedule, planned.Slot, SlotKey(job.Id!, planned.Slot), now);
            run = planned.Missed
                ? run with { Status = RunStatus.Missed, EndedAt = now, CompletionReason = planned.Note, ScheduleNote = planned.Note }
                : run with { ScheduleNote = planned.Note };
            payloads[run.Id] = payload;
            runs.Add(run);
        }

        var finished = plan.NextRunAt is null;
        string? document = null;
        if (finished)
        {
            // Nothing is left before end_at (or the at-job ran): the schedule disables itself, visibly in the document.
            schedule.Enabled = false;
            schedule.NextRunAt = null;
            job.Version = record.Version + 1;
            job.UpdatedAt = now;
            document = JobRecords.ToRecord(job).Document;
        }

        var advance = new JobAdvance(record.Version, due, plan.NextRunAt, !finished, job.Version ?? record.Version, document, now);
        var result = await store.CommitAsync(
            new ScheduleCommit(record.Id, record.Domain, schedule.Overlap ?? SchedulePolicies.Allow, runs, advance, now), ct);
        if (!result.Committed)
        {
            return false;
        }

        await FollowUpAsync(result, payloads, ct);
        return true;
    }

    /// <summary>After a commit: dispatch the queued runs, cancel what they replace, report missed and coalesced slots.</summary>
    public async Task FollowUpAsync(ScheduleCommitResult result, IReadOnlyDictionary<string, DispatchPayload> payloads, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(payloads);
        var started = result.Inserted.LastOrDefault(r => r.Status == RunStatus.Queued);
        foreach (var old in result.Replaced)
        {
            await CancelAsync(old, started, ct);
        }

        foreach (var run in result.Inserted)
        {
            if (run.Status == RunStatus.Queued)
            {
                await launcher.TryDispatchAsync(payloads[run.Id], ct);
            }

            if (run.Status == RunStatus.Missed || (run.Status == RunStatus.Queued && run.ScheduleNote is not null))
            {
                await missed.RunMissedAsync(run, ct);
            }
        }
    }

    /// <summary>The run identity of a schedule slot: unique per domain (runs_idempotency).</summary>
    public static string SlotKey(string jobId, DateTimeOffset slot) =>
        $"schedule:{jobId}:{slot.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private async Task CancelAsync(RunRecord old, RunRecord? replacement, CancellationToken ct)
    {
        var reason = $"replaced by run {replacement?.Id} (overlap: replace)";
        if (services.GetService<IRunCancellation>() is not { } cancellation)
        {
            log.LogError("Job {JobId}: overlap replace could not cancel run {RunId}: no run cancellation is registered", old.JobId, old.Id);
            return;
        }

        try
        {
            await cancellation.CancelAsync(old.Domain, old.Id, reason, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The new run is committed either way; a failed cancel must not stop the sweep's other jobs.
            log.LogError(ex, "Job {JobId}: cancelling run {RunId} for overlap replace failed", old.JobId, old.Id);
        }
    }
}
