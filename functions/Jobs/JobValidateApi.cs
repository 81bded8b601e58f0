using Hydra.Functions.Auth;
using Hydra.Functions.Http;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;
using Hydra.Shared.Scheduling;

namespace Hydra.Functions.Jobs;

/// <summary>
/// POST /jobs/validate and POST /jobs/{id}/validate: a dry run. 200 <c>{valid, errors[], next_run_at, next_runs,
/// next_occurrences}</c>, the last with each slot's wall time, UTC offset and DST transitions flagged,
/// whether or not the document is valid; only a body that is not JSON at all is a 4xx.
/// </summary>
internal static class JobValidateApi
{
    private const int PreviewCount = 5;

    public static async Task<IResult> ValidateNew(HttpRequest request, TimeProvider time, CancellationToken ct)
    {
        var body = await JsonRequestBody.ReadAsync(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (obj, errors) = JobInput.ReadObject(body.Body!);
        return obj is null ? Problems.Validation([.. errors]) : Reply(JobInput.FromObject(obj), time);
    }

    public static async Task<IResult> ValidateExisting(
        Caller caller, string id, HttpRequest request, IJobStore jobs, TimeProvider time, CancellationToken ct)
    {
        var stored = await JobReadApi.Find(caller, jobs, id, ct);
        if (stored is null)
        {
            return JobReadApi.NotFound(id);
        }

        var patch = new System.Text.Json.Nodes.JsonObject();
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = await JsonRequestBody.ReadAsync(request, ct);
            if (body.Problem is not null)
            {
                return body.Problem;
            }

            var (obj, errors) = JobInput.ReadObject(body.Body!);
            if (obj is null)
            {
                return Problems.Validation([.. errors]);
            }

            patch = obj;
        }

        return Reply(JobInput.FromObject(JobInput.Merge(stored, patch)), time);
    }

    private static IResult Reply(JobInput.Parsed parsed, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var schedule = parsed.Job?.Schedule;
        var reply = new ValidationReply(
            Valid: parsed.Ok,
            Errors: parsed.Errors.Select(e => e.ToString()).ToList(),
            FieldErrors: parsed.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToList()),
            NextRunAt: schedule is null ? null : SchedulePreview.Next(schedule, now),
            NextRuns: schedule is null ? [] : SchedulePreview.NextOccurrences(schedule, now, PreviewCount).ToList(),
            NextOccurrences: schedule is null ? [] : OccurrencePreview.Next(schedule, now, PreviewCount));
        return Results.Json(reply, ApiJsonContext.Default.ValidationReply);
    }
}
