using Hydra.Functions.Auth;
using Hydra.Functions.Http;
using Hydra.Functions.Jobs;
using Hydra.Functions.Store;
using Microsoft.AspNetCore.Mvc;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;
using StackExchange.Redis;

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

    public static async Task<IResult> Get(Caller caller, string id, IRunStore runs, RunDispatcher dispatcher, ILogger<RunReply> log, CancellationToken ct)
    {
        var run = JobRecords.IsWellFormedId(id) ? await runs.GetAsync(caller.Scope, id, ct) : null;
        if (run is null)
        {
            return Problems.NotFound($"Run '{id}' was not found.");
        }

        var attempts = await runs.GetAttemptsAsync(run.Id, ct);
        var reply = RunReply.From(run, fullOutput: true, attempts);
        if (run.Status == RunStatus.Queued)
        {
            reply = reply with { PendingReason = await PendingReasonAsync(dispatcher, run, log, ct) };
        }

        return Results.Json(reply, ApiJsonContext.Default.RunReply);
    }

    /// <summary>
    /// Read live from the run's Redis hash rather than stored on the run: the reason is a fact about the workers
    /// online right now, rewritten by every dispatch and pending walk, and gone once the run is placed. Storing it
    /// would cost a SQL write per sweep per waiting run and still lag behind Redis. A Redis outage only loses this
    /// field, never the run itself, which the store answers for.
    /// </summary>
    private static async Task<string?> PendingReasonAsync(RunDispatcher dispatcher, RunRecord run, ILogger log, CancellationToken ct)
    {
        try
        {
            return await dispatcher.PendingReasonAsync(run.Domain, run.Id, ct);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            log.LogWarning("Pending reason of run {RunId} unavailable: {Error}", run.Id, ex.Message);
            return null;
        }
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
