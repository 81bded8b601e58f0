using Hydra.Functions.Events;
using Hydra.Functions.Runs;
using Hydra.Functions.Store;
using Hydra.Shared.Events;

namespace Hydra.Functions.Schedules;

/// <summary>The overlap policy <c>replace</c> cancels the running run through the same path as POST /runs/{id}/cancel.</summary>
internal sealed class ReplaceByCancel(RunCancellation cancellation) : IRunCancellation
{
    public Task CancelAsync(string domain, string runId, string reason, CancellationToken ct) =>
        cancellation.CancelAsync(domain, runId, reason, ct);
}

/// <summary>A missed slot is logged and announced as <c>run_missed</c> on the domain's event stream.</summary>
internal sealed class AnnouncedRunMissed(IEventPublisher events, ILogger<AnnouncedRunMissed> log) : IRunMissedNotifier
{
    public async Task RunMissedAsync(RunRecord run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        log.LogWarning("Job {JobId} ({Domain}): {Note} [run {RunId}, {Status}]", run.JobId, run.Domain, run.ScheduleNote, run.Id, run.Status);
        var draft = EventDraft.RunMissed(run.JobId, run.ScheduledAt ?? run.CreatedAt, 1, run.ScheduleNote ?? run.Status);
        await events.PublishAsync(run.Domain, [draft], ct);
    }
}
