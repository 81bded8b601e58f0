using Hydra.Functions.Audit;
using Hydra.Functions.Coordination;
using Hydra.Functions.Domains;
using Hydra.Functions.Events;
using Hydra.Functions.Health;
using Hydra.Functions.Jobs;
using Hydra.Functions.Runs;
using Hydra.Functions.Secrets;
using Hydra.Functions.Sweeps;
using Hydra.Functions.Workers;

namespace Hydra.Functions.Catalog;

/// <summary>
/// The single source of truth for every function of the app: its name, trigger, auth policy and handler.
/// Routes, the lean host's timers, the custom-handler timer endpoints, function.json files and the
/// authorization tests are all derived from this list. Routes are relative to <c>/api</c>.
/// </summary>
internal static class FunctionTable
{
    public static IReadOnlyList<FunctionDefinition> All { get; } = Build();

    public static IEnumerable<FunctionDefinition> Http => All.Where(f => f.Http is not null);

    public static IEnumerable<FunctionDefinition> Timers => All.Where(f => f.Timer is not null);

    public static FunctionDefinition? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static List<FunctionDefinition> Build()
    {
        List<FunctionDefinition> functions =
        [
            FunctionDefinition.Get("Health", "health", AuthPolicy.Public, HealthApi.Get),

            FunctionDefinition.Post("JobsCreate", "jobs", AuthPolicy.Domain, JobWriteApi.Create),
            FunctionDefinition.Get("JobsList", "jobs", AuthPolicy.Domain, JobReadApi.List),
            FunctionDefinition.Post("JobsValidate", "jobs/validate", AuthPolicy.Domain, JobValidateApi.ValidateNew),
            FunctionDefinition.Get("JobsGet", "jobs/{id}", AuthPolicy.Domain, JobReadApi.Get),
            FunctionDefinition.Put("JobsUpdate", "jobs/{id}", AuthPolicy.Domain, JobWriteApi.Update),
            FunctionDefinition.Delete("JobsDelete", "jobs/{id}", AuthPolicy.Domain, JobWriteApi.Delete),
            FunctionDefinition.Post("JobsValidateExisting", "jobs/{id}/validate", AuthPolicy.Domain, JobValidateApi.ValidateExisting),
            FunctionDefinition.Post("JobsAdhoc", "jobs/adhoc", AuthPolicy.Domain, JobWriteApi.CreateAdhoc),
            FunctionDefinition.Post("JobsPause", "jobs/{id}/pause", AuthPolicy.Domain, JobPauseApi.Pause),
            FunctionDefinition.Post("JobsResume", "jobs/{id}/resume", AuthPolicy.Domain, JobPauseApi.Resume),
            FunctionDefinition.Post("JobsRunNow", "jobs/{id}/run", AuthPolicy.Domain, RunWriteApi.RunNow),
            FunctionDefinition.Get("JobsRuns", "jobs/{id}/runs", AuthPolicy.Domain, RunReadApi.ListForJob),

            FunctionDefinition.Get("RunsList", "runs", AuthPolicy.Domain, RunReadApi.History),
            FunctionDefinition.Get("RunsGet", "runs/{id}", AuthPolicy.Domain, RunReadApi.Get),
            FunctionDefinition.Post("RunsCancel", "runs/{id}/cancel", AuthPolicy.Domain, RunControlApi.Cancel),
            FunctionDefinition.Post("RunsRetry", "runs/{id}/retry", AuthPolicy.Domain, RunControlApi.Retry),
            FunctionDefinition.Get("History", "history", AuthPolicy.Domain, RunReadApi.History),
            FunctionDefinition.Get("OverviewJobs", "overview/jobs", AuthPolicy.Domain, RunReadApi.Overview),
            FunctionDefinition.Get("RunsStream", "runs/{id}/stream", AuthPolicy.Domain, RunStreamApi.Stream),
            FunctionDefinition.Get("RunsLog", "runs/{id}/log", AuthPolicy.Domain, RunLogApi.Page),

            FunctionDefinition.Get("EventsStream", "events/stream", AuthPolicy.Domain, EventStreamApi.Stream),
            FunctionDefinition.Get("EventsList", "events", AuthPolicy.Domain, EventStreamApi.List),

            FunctionDefinition.Get("WorkersList", "workers", AuthPolicy.Domain, WorkerApi.List),
            FunctionDefinition.Post("WorkersSetState", "workers/{id}/state", AuthPolicy.Domain, WorkerApi.SetState),

            FunctionDefinition.Get("AdminDomainsList", "admin/domains", AuthPolicy.Admin, DomainApi.List),
            FunctionDefinition.Post("AdminDomainsCreate", "admin/domains", AuthPolicy.Admin, DomainApi.Create),
            FunctionDefinition.Put("AdminDomainsUpdate", "admin/domains/{d}", AuthPolicy.Admin, DomainApi.Update),
            FunctionDefinition.Delete("AdminDomainsDelete", "admin/domains/{d}", AuthPolicy.Admin, DomainLifecycleApi.Delete),
            FunctionDefinition.Post("AdminDomainsToken", "admin/domains/{d}/token", AuthPolicy.Admin, DomainLifecycleApi.RotateToken),
            FunctionDefinition.Get("AdminAudit", "admin/audit", AuthPolicy.Admin, AuditApi.List),

            FunctionDefinition.Get("SecretsList", "secrets", AuthPolicy.Domain, SecretApi.List),
            FunctionDefinition.Put("SecretsPut", "secrets/{name}", AuthPolicy.Domain, SecretApi.Put),
            FunctionDefinition.Delete("SecretsDelete", "secrets/{name}", AuthPolicy.Domain, SecretApi.Delete),

            FunctionDefinition.TimerFunction(DomainTokenSync.Name, "*/30 * * * * *", DomainTokenSync.InvokeAsync),
            FunctionDefinition.TimerFunction(SweepNames.Ingest, "*/5 * * * * *", IngestSweep.InvokeAsync),
            FunctionDefinition.TimerFunction(SweepNames.Dispatch, "*/2 * * * * *", DispatchSweep.InvokeAsync),
            FunctionDefinition.TimerFunction(SweepNames.Failover, "*/2 * * * * *", FailoverSweep.InvokeAsync),
            FunctionDefinition.TimerFunction(SweepNames.Reconcile, "*/15 * * * * *", ReconcileSweep.InvokeAsync),
            // Every second; on the lean host it is also woken at the next due instant (ScheduleWake).
            FunctionDefinition.TimerFunction(SweepNames.Schedule, "* * * * * *", ScheduleSweep.InvokeAsync),
            FunctionDefinition.TimerFunction(SweepNames.Retention, "0 17 * * * *", RetentionSweep.InvokeAsync),
        ];

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Function name '{duplicate.Key}' is declared twice in the function table.");
        }

        return functions;
    }
}
