using Hydra.Functions.Store;

namespace Hydra.Functions.Schedules;

/// <summary>
/// Seam for the <c>run_missed</c> event: told once per run the schedule records as missed (misfire: skip, or slots
/// older than the catch-up window), and once per coalesced run, after its transaction committed. The event stream
/// registers its own implementation (AnnouncedRunMissed: a warning in the log and a run_missed event).
/// </summary>
internal interface IRunMissedNotifier
{
    Task RunMissedAsync(RunRecord run, CancellationToken ct);
}
