using Hydra.Functions.Auth;
using Hydra.Functions.Http;
using Hydra.Functions.Jobs;
using Hydra.Functions.Store;
using Microsoft.AspNetCore.Mvc;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Runs;

/// <summary>GET /jobs/{id}/runs, GET /runs/{id} (with attempts), GET /history, GET /overview/jobs.</summary>
internal static class RunReadApi
{
    private const int RecentRunsPerJob = 12;

    public static async Task<IResult> ListForJob(
        Caller caller, string id, IJobStore jobs, IRunStore runs, HttpResponse response,
        string? status, string? limit, string? cursor, CancellationToken ct)
    {
        if (await JobReadApi.Find(caller, jobs, id, ct) is null)
        {
            return JobReadApi.NotFound(id);
        }

        return await Page(new RunQueryInput(caller.Scope, id, status, limit, cursor), runs, response, ct);
    }

    public static Task<IResult> History(
        Caller caller, IRunStore runs, HttpResponse response, string? status, string? limit, string? cursor, [FromQuery(Name = "job_id")] string? jobId, CancellationToken ct) =>
        Page(new RunQueryInput(caller.Scope, jobId, status, limit, cursor), runs, response, ct);

    public static async Task<IResult> Get(Caller caller, string id, IRunStore runs, CancellationToken ct)
    {
        var run = JobRecords.IsWellFormedId(id) ? await runs.GetAsync(caller.Scope, id, ct) : null;
        if (run is null)
        {
            return Problems.NotFound($"Run '{id}' was not found.");
        }

        var attempts = await runs.GetAttemptsAsync(run.Id, ct);
        return Results.Json(RunReply.From(run, fullOutput: true, attempts), ApiJsonContext.Default.RunReply);
    }

    public static async Task<IResult> Overview(Caller caller, IRunStore runs, CancellationToken ct)
    {
        var summaries = await runs.OverviewAsync(caller.Scope, RecentRunsPerJob, ct);
        var reply = summaries.Select(s =>
        {
            var recent = s.RecentRuns.Select(r => RunReply.From(r, fullOutput: false)).ToList();
            return new JobOverviewReply(
                s.JobId, s.Name, s.Domain, s.ScheduleMode, s.TotalRuns, s.SuccessRuns, s.FailedRuns, s.QueuedRuns,
                recent.FirstOrDefault(), recent);
        }).ToList();
        return Results.Json(reply, ApiJsonContext.Default.ListJobOverviewReply);
    }

    private sealed record RunQueryInput(string? Domain, string? JobId, string? Status, string? Limit, string? Cursor);

    private static async Task<IResult> Page(RunQueryInput input, IRunStore runs, HttpResponse response, CancellationToken ct)
    {
        var (size, error) = JobReadApi.ParseLimit(input.Limit);
        if (error is not null)
        {
            return error;
        }

        var status = string.IsNullOrWhiteSpace(input.Status) ? null : input.Status.Trim().ToLowerInvariant();
        if (status is not null && !KnownStatuses.Contains(status))
        {
            return Problems.BadRequest("status", $"must be one of {string.Join(", ", KnownStatuses)}");
        }

        var page = await runs.ListAsync(new RunQuery(input.Domain, input.JobId, status, size, input.Cursor), ct);
        if (page.NextCursor is not null)
        {
            response.Headers["X-Next-Cursor"] = page.NextCursor;
        }

        return Results.Json(page.Items.Select(r => RunReply.From(r, fullOutput: false)).ToList(), ApiJsonContext.Default.ListRunReply);
    }

    private static readonly string[] KnownStatuses =
        [RunStatus.Queued, RunStatus.Running, RunStatus.Success, RunStatus.Failed, RunStatus.TimedOut, RunStatus.Cancelled];
}
