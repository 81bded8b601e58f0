using Hydra.Functions.Auth;
using Hydra.Functions.Http;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;

namespace Hydra.Functions.Jobs;

/// <summary>GET /jobs (newest first, search, cursor pages; <c>?upcoming=true</c>: due soonest first) and GET /jobs/{id}.</summary>
internal static class JobReadApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static async Task<IResult> List(
        Caller caller, IJobStore jobs, HttpResponse response, string? search, string? limit, string? cursor,
        string? upcoming, string? within, IScheduleStore schedules, TimeProvider time, CancellationToken ct)
    {
        var (size, error) = ParseLimit(limit);
        if (error is not null)
        {
            return error;
        }

        if (JobUpcoming.Requested(upcoming))
        {
            return await JobUpcoming.ListAsync(caller, schedules, time, size, within, ct);
        }

        var page = await jobs.ListAsync(new JobQuery(caller.Scope, string.IsNullOrWhiteSpace(search) ? null : search, size, cursor), ct);
        if (page.NextCursor is not null)
        {
            // A hydra-jobs client expects a plain array; the cursor rides in a header.
            response.Headers["X-Next-Cursor"] = page.NextCursor;
        }

        return Results.Json(page.Items.Select(JobRecords.FromRecord).ToList(), Shared.Json.HydraJson.Options);
    }

    public static async Task<IResult> Get(Caller caller, IJobStore jobs, string id, CancellationToken ct)
    {
        var job = await Find(caller, jobs, id, ct);
        return job is null ? NotFound(id) : Results.Json(job, Shared.Json.HydraJson.JobDocument);
    }

    internal static async Task<JobDocument?> Find(Caller caller, IJobStore jobs, string id, CancellationToken ct)
    {
        if (!JobRecords.IsWellFormedId(id))
        {
            return null;
        }

        var record = await jobs.GetAsync(caller.Scope, id, ct);
        return record is null ? null : JobRecords.FromRecord(record);
    }

    internal static IResult NotFound(string id) => Problems.NotFound($"Job '{id}' was not found.");

    internal static (int Limit, IResult? Error) ParseLimit(string? limit)
    {
        if (string.IsNullOrWhiteSpace(limit))
        {
            return (DefaultLimit, null);
        }

        return int.TryParse(limit, out var value) && value is >= 1 and <= MaxLimit
            ? (value, null)
            : (0, Problems.BadRequest("limit", $"must be a whole number from 1 to {MaxLimit}"));
    }
}
