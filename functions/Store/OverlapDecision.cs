using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Store;

/// <summary>
/// The overlap policy, decided inside the store transaction that holds the job's lock, against the job's queued
/// and running runs as that transaction sees them. Only queued (to-be-dispatched) runs are subject to it:
/// <list type="bullet">
/// <item>allow: every run goes in as it is.</item>
/// <item>forbid: while any run of the job is queued or running — including one this commit just let in — a new
/// one is recorded as <c>skipped</c>, ended, with the blocking run named in its completion reason.</item>
/// <item>replace: the last queued run goes in; the job's earlier active runs are returned for cancelling, and
/// earlier queued runs of the same commit (a catch-up batch) are recorded as skipped, replaced by the last.</item>
/// </list>
/// </summary>
internal static class OverlapDecision
{
    public static (IReadOnlyList<RunRecord> Runs, IReadOnlyList<RunRecord> Replaced) Apply(
        string? overlap, IReadOnlyList<RunRecord> runs, IReadOnlyList<RunRecord> active, DateTimeOffset now)
    {
        switch (overlap)
        {
            case SchedulePolicies.Forbid:
                var blocking = active.Count > 0 ? active[0] : null;
                var decided = new List<RunRecord>(runs.Count);
                foreach (var run in runs)
                {
                    if (run.Status != RunStatus.Queued)
                    {
                        decided.Add(run);
                    }
                    else if (blocking is not null)
                    {
                        decided.Add(Skip(run, now, $"skipped: run {blocking.Id} of this job is still {blocking.Status} (overlap: forbid)"));
                    }
                    else
                    {
                        decided.Add(run);
                        blocking = run;
                    }
                }

                return (decided, []);

            case SchedulePolicies.Replace:
                var last = runs.LastOrDefault(r => r.Status == RunStatus.Queued);
                var replacedInCommit = runs
                    .Select(r => r.Status == RunStatus.Queued && !ReferenceEquals(r, last)
                        ? Skip(r, now, $"skipped: replaced by the run of a later slot, {last!.Id} (overlap: replace)")
                        : r)
                    .ToList();
                return (replacedInCommit, last is null ? [] : active);

            default:
                return (runs, []);
        }
    }

    private static RunRecord Skip(RunRecord run, DateTimeOffset now, string reason) => run with
    {
        Status = RunStatus.Skipped,
        EndedAt = now,
        CompletionReason = reason,
        UpdatedAt = now,
    };
}
