using Hydra.Functions.Audit;
using Hydra.Functions.Auth;
using Hydra.Functions.Events;
using Hydra.Functions.Http;
using Hydra.Functions.Runs;
using Hydra.Functions.Store;
using Hydra.Shared.Events;
using Hydra.Shared.Jobs;
using Hydra.Shared.Scheduling;
using Hydra.Shared.Json;

namespace Hydra.Functions.Jobs;

/// <summary>POST /jobs, PUT /jobs/{id} (shallow merge, compare-and-set on version), DELETE /jobs/{id}.</summary>
internal static class JobWriteApi
{
    private const int UpdateAttempts = 3;

    /// <summary>POST /jobs: store the job; <c>immediate</c> mode also enqueues its one run at once.</summary>
    public static Task<IResult> Create(
        Caller caller, HttpRequest request, HttpResponse response, IJobStore jobs, RunLauncher launcher, TimeProvider time, IEventPublisher events,
        AuditTrail audit, CancellationToken ct) =>
        CreateAsync(caller, request, response, jobs, launcher, time, events, audit, adhoc: false, ct);

    /// <summary>POST /jobs/adhoc: the same payload, forced to <c>immediate</c> + <c>enabled: false</c>; runs exactly once.</summary>
    public static Task<IResult> CreateAdhoc(
        Caller caller, HttpRequest request, HttpResponse response, IJobStore jobs, RunLauncher launcher, TimeProvider time, IEventPublisher events,
        AuditTrail audit, CancellationToken ct) =>
        CreateAsync(caller, request, response, jobs, launcher, time, events, audit, adhoc: true, ct);

    private static async Task<IResult> CreateAsync(
        Caller caller, HttpRequest request, HttpResponse response, IJobStore jobs, RunLauncher launcher, TimeProvider time, IEventPublisher events,
        AuditTrail audit, bool adhoc, CancellationToken ct)
    {
        var body = await JsonRequestBody.ReadAsync(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var parsed = JobInput.FromBody(body.Body!);
        if (!parsed.Ok)
        {
            return Problems.Validation(parsed.Errors);
        }

        var job = parsed.Job!;
        var now = time.GetUtcNow();
        job.Id = JobRecords.NewId();
        job.Domain = caller.Domain;
        job.CreatedAt = now;
        job.UpdatedAt = now;
        job.Version = 1;
        if (adhoc)
        {
            job.Schedule = new ScheduleSpec { Mode = JobModes.Immediate, Enabled = false, Timezone = job.Schedule?.Timezone ?? "UTC" };
        }

        job.Schedule!.NextRunAt = SchedulePreview.Next(job.Schedule, now);
        await jobs.InsertAsync(JobRecords.ToRecord(job), ct);
        // Before the run's own events, so followers see the job first.
        await events.PublishAsync(job.Domain, JobEvents(EventTypes.JobCreated, job, scheduled: true), ct);
        await audit.RecordAsync(caller, job.Domain, AuditActions.JobCreate, "job/" + job.Id, ct);

        if (adhoc || job.Schedule.Mode == JobModes.Immediate)
        {
            var run = await launcher.LaunchAsync(job, adhoc ? RunTriggers.Adhoc : RunTriggers.Immediate, scheduledAt: null, idempotencyKey: null, ct);
            response.Headers["X-Run-Id"] = run.Id;
            await audit.RecordAsync(caller, job.Domain, AuditActions.JobRun, "run/" + run.Id, ct);
        }

        response.Headers.Location = $"/api/jobs/{job.Id}";
        return Results.Json(job, HydraJson.JobDocument, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> Update(
        Caller caller, string id, HttpRequest request, IJobStore jobs, TimeProvider time, IEventPublisher events, AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonRequestBody.ReadAsync(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        // Existence first: another domain's job is a 404 whatever the body says.
        if (await JobReadApi.Find(caller, jobs, id, ct) is null)
        {
            return JobReadApi.NotFound(id);
        }

        var (patch, errors) = JobInput.ReadObject(body.Body!);
        if (patch is null)
        {
            return Problems.Validation([.. errors]);
        }

        if (JobInput.CountClientFields(patch) == 0)
        {
            return Problems.BadRequest("body", "has no fields to update");
        }

        for (var attempt = 0; attempt < UpdateAttempts; attempt++)
        {
            var stored = await JobReadApi.Find(caller, jobs, id, ct);
            if (stored is null)
            {
                return JobReadApi.NotFound(id);
            }

            var parsed = JobInput.FromObject(JobInput.Merge(stored, patch));
            if (!parsed.Ok)
            {
                return Problems.Validation(parsed.Errors);
            }

            var job = parsed.Job!;
            var now = time.GetUtcNow();
            job.Id = stored.Id;
            job.Domain = stored.Domain;
            job.CreatedAt = stored.CreatedAt;
            job.UpdatedAt = now;
            job.Version = stored.Version + 1;
            job.Schedule!.NextRunAt = patch.ContainsKey("schedule")
                ? SchedulePreview.Next(job.Schedule, now)
                : stored.Schedule?.NextRunAt;
            if (await jobs.UpdateAsync(JobRecords.ToRecord(job), stored.Version!.Value, ct))
            {
                await events.PublishAsync(job.Domain!, JobEvents(EventTypes.JobUpdated, job, scheduled: patch.ContainsKey("schedule")), ct);
                await audit.RecordAsync(caller, job.Domain!, AuditActions.JobUpdate, "job/" + job.Id, ct);
                return Results.Json(job, HydraJson.JobDocument);
            }
        }

        return Problems.Conflict($"Job '{id}' is being changed by someone else; try again.");
    }

    public static async Task<IResult> Delete(Caller caller, string id, IJobStore jobs, IEventPublisher events, AuditTrail audit, CancellationToken ct)
    {
        // Read first for the job's domain (events, audit): an admin deleting across domains names none.
        var stored = JobRecords.IsWellFormedId(id) ? await jobs.GetAsync(caller.Scope, id, ct) : null;
        if (stored is null || !await jobs.DeleteAsync(stored.Domain, id, ct))
        {
            return JobReadApi.NotFound(id);
        }

        await events.PublishAsync(stored.Domain, [EventDraft.JobDeleted(id)], ct);
        await audit.RecordAsync(caller, stored.Domain, AuditActions.JobDelete, "job/" + id, ct);

        return Results.Json(new DeletedReply(id, true), ApiJsonContext.Default.DeletedReply);
    }

    /// <summary>job_created / job_updated, and job_scheduled when the change set a next run.</summary>
    private static List<EventDraft> JobEvents(string type, JobDocument job, bool scheduled)
    {
        List<EventDraft> drafts = [EventDraft.Job(type, job.Id!, job.Name ?? "", job.Version, job.Schedule?.Mode, job.Schedule?.Enabled)];
        if (scheduled && job.Schedule?.NextRunAt is { } next)
        {
            drafts.Add(EventDraft.JobScheduled(job.Id!, next));
        }

        return drafts;
    }
}
