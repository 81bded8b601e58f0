using System.Globalization;
using System.Text.Json.Nodes;
using Hydra.Functions.Catalog;
using Hydra.Functions.Coordination;
using Hydra.Functions.Store;
using Hydra.Functions.Timers;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hydra.Tests.Schedules;

/// <summary>
/// The lean host on a clock the test moves (<see cref="ManualTimeProvider"/>), real Redis and a SQLite store, with
/// ScheduleSweep invoked the way its timer does (through the TimerInvoker, one at a time per host).
/// </summary>
internal sealed class ScheduleHarness : IAsyncDisposable
{
    private ScheduleHarness(HydraTestApp app, ManualTimeProvider clock)
    {
        App = app;
        Clock = clock;
    }

    public HydraTestApp App { get; }

    public ManualTimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public static async Task<ScheduleHarness> StartAsync(
        DateTimeOffset start, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var clock = new ManualTimeProvider(start);
        var app = await HydraTestApp.StartAsync(settings, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            services?.Invoke(s);
        });
        return new ScheduleHarness(app, clock);
    }

    public async Task<string> CreateJobAsync(string name, string schedule, string script = "true", string extra = "")
    {
        var job = await App.Client.PostJobAsync(ApiClient.ShellJob(name, script, $",\"schedule\":{schedule}{extra}"));
        return job["_id"]!.GetValue<string>();
    }

    public Task SweepAsync() =>
        App.Get<TimerInvoker>().InvokeAsync(FunctionTable.Find(SweepNames.Schedule)!, CancellationToken.None);

    public async Task AdvanceToAndSweepAsync(DateTimeOffset at)
    {
        Clock.SetUtcNow(at);
        await SweepAsync();
    }

    public async Task<JsonObject> GetJobAsync(string id)
    {
        using var response = await App.Client.GetAsync($"/api/jobs/{id}");
        return (await response.ReadJsonAsync()).AsObject();
    }

    public async Task<DateTimeOffset?> NextRunAtAsync(string id) =>
        (await App.Get<IJobStore>().GetAsync(null, id, CancellationToken.None))!.NextRunAt;

    /// <summary>The job's runs, oldest slot first.</summary>
    public async Task<List<RunRecord>> RunsAsync(string jobId)
    {
        var page = await App.Get<IRunStore>().ListAsync(new RunQuery(null, jobId, null, 500, null), CancellationToken.None);
        return [.. page.Items.OrderBy(r => r.ScheduledAt ?? r.CreatedAt).ThenBy(r => r.CreatedAt)];
    }

    public static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
