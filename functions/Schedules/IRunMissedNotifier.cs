using Hydra.Functions.Store;

namespace Hydra.Functions.Schedules;

/// <summary>
/// Seam for the <c>run_missed</c> event: told once per run the schedule records as missed (misfire: skip, or slots
/// older than the catch-up window), and once per coalesced run, after its transaction committed. The event stream
/// registers its own implementation; until then <see cref="LoggedRunMissed"/> writes a warning.
/// </summary>
internal interface IRunMissedNotifier
{
    Task RunMissedAsync(RunRecord run, CancellationToken ct);
}

/// <summary>The default <see cref="IRunMissedNotifier"/>: a warning in the log, so a missed slot is never silent.</summary>
internal sealed class LoggedRunMissed(ILogger<LoggedRunMissed> log) : IRunMissedNotifier
{
    public Task RunMissedAsync(RunRecord run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        log.LogWarning("Job {JobId} ({Domain}): {Note} [run {RunId}, {Status}]", run.JobId, run.Domain, run.ScheduleNote, run.Id, run.Status);
        return Task.CompletedTask;
    }
}
