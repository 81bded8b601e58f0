using Hydra.Functions.Http;
using Hydra.Functions.Schedules;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Runs;

/// <summary>
/// A manual run of a job whose overlap policy is forbid or replace goes through the same locked store transaction
/// as a schedule slot (<see cref="IScheduleStore.CommitAsync"/> without advancing the job), so a click racing a
/// sweep cannot start a second run under forbid either.
/// </summary>
internal sealed class ManualRunPolicy(IScheduleStore store, SlotFiring firing, IRunStore runs, TimeProvider time)
{
    public static bool Applies(JobDocument job) =>
        job.Schedule?.Overlap is SchedulePolicies.Forbid or SchedulePolicies.Replace;

    public static bool TryParseForce(string? value, out bool force)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "false" or "0":
                force = false;
                return true;
            case "true" or "1":
                force = true;
                return true;
            default:
                force = false;
                return false;
        }
    }

    public async Task<IResult> RunAsync(JobDocument job, string? idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (run, payload) = RunDraft.Create(job, RunTriggers.Manual, scheduledAt: null, idempotencyKey, time.GetUtcNow());
        var result = await store.CommitAsync(
            new ScheduleCommit(job.Id!, job.Domain!, job.Schedule!.Overlap!, [run], Advance: null, run.CreatedAt), ct);
        if (!result.Committed)
        {
            return Problems.NotFound($"Job '{job.Id}' was not found.");
        }

        if (result.Inserted.Count == 0)
        {
            // The idempotency key was used before: answer with that run.
            var existing = await runs.GetByIdempotencyKeyAsync(job.Domain!, idempotencyKey!, ct);
            return Queued(job, existing ?? run);
        }

        var inserted = result.Inserted[0];
        if (inserted.Status == RunStatus.Skipped)
        {
            return Problems.Conflict(
                $"Job '{job.Id}' did not run: {inserted.CompletionReason}. Recorded as run {inserted.Id}; add ?force=true to run it anyway.");
        }

        await firing.FollowUpAsync(result, new Dictionary<string, DispatchPayload> { [run.Id] = payload }, ct);
        return Queued(job, inserted);
    }

    private static IResult Queued(JobDocument job, RunRecord run) =>
        Results.Json(new RunQueuedReply(job.Id!, run.Id, run.Status == RunStatus.Queued), ApiJsonContext.Default.RunQueuedReply,
            statusCode: StatusCodes.Status202Accepted);
}
