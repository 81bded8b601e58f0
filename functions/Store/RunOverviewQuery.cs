using Dapper;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Store;

/// <summary>
/// GET /overview/jobs in two queries, whatever the number of jobs: per-job run totals (jobs without runs
/// included), then each job's newest runs ranked with ROW_NUMBER() in one pass. Runs of deleted jobs are not shown.
/// Failed counts failed and timed_out (both are unsuccessful completions); queued counts queued only.
/// </summary>
internal sealed class RunOverviewQuery(SqlEngine engine)
{
    public const int MaxRecentPerJob = 100;

    public async Task<IReadOnlyList<JobRunSummary>> RunAsync(string? domain, int recentPerJob, CancellationToken ct)
    {
        var recent = Math.Clamp(recentPerJob, 0, MaxRecentPerJob);
        var args = new { Domain = domain, Recent = recent };
        var runFilter = domain is null ? "" : "WHERE domain = @Domain";
        var jobFilter = domain is null ? "" : "WHERE j.domain = @Domain";

        // "->" and "->>" read the document on both engines (SQLite 3.38+).
        var totalsSql = $"""
            SELECT j.id, j.domain, j.name, j.document -> 'schedule' ->> 'mode',
                   COALESCE(c.total, 0), COALESCE(c.success, 0), COALESCE(c.failed, 0), COALESCE(c.queued, 0)
            FROM jobs j
            LEFT JOIN (
              SELECT job_id,
                     count(*) AS total,
                     count(*) FILTER (WHERE status = '{RunStatus.Success}') AS success,
                     count(*) FILTER (WHERE status IN ('{RunStatus.Failed}', '{RunStatus.TimedOut}')) AS failed,
                     count(*) FILTER (WHERE status = '{RunStatus.Queued}') AS queued
              FROM runs {runFilter}
              GROUP BY job_id) c ON c.job_id = j.id
            {jobFilter}
            ORDER BY j.name, j.id
            """;
        var totals = await engine.QueryAsync(totalsSql, args, r => new Totals(
            r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
            r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7)), ct);

        var recentRuns = recent == 0 || totals.Count == 0
            ? []
            : await engine.QueryAsync(
                $"""
                SELECT {StoreRows.RunColumns} FROM (
                  SELECT {StoreRows.RunColumns},
                         ROW_NUMBER() OVER (PARTITION BY job_id ORDER BY created_at DESC, id DESC) AS position
                  FROM runs {runFilter}) ranked
                WHERE position <= @Recent
                ORDER BY job_id, created_at DESC, id DESC
                """,
                args, r => StoreRows.ReadRun(r), ct);
        var byJob = recentRuns.ToLookup(run => run.JobId, StringComparer.Ordinal);

        return totals
            .Select(t => new JobRunSummary(
                t.JobId, t.Domain, t.Name, t.ScheduleMode, t.Total, t.Success, t.Failed, t.Queued, byJob[t.JobId].ToList()))
            .ToList();
    }

    private sealed record Totals(
        string JobId, string Domain, string Name, string? ScheduleMode, long Total, long Success, long Failed, long Queued);
}
