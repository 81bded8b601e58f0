using System.Net;
using System.Text.Json.Nodes;
using Hydra.Shared.Redis;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Events;

public sealed class EventResetAndSourcesTests(EventsAppFixture fixture) : IClassFixture<EventsAppFixture>
{
    [Fact]
    public async Task A_cursor_older_than_the_retained_window_gets_a_reset_frame_pointing_at_the_newest_event()
    {
        await using var app = await HydraTestApp.StartAsync(new Dictionary<string, string?> { ["HYDRA_EVENTS_MAX_LENGTH"] = "10" });
        var log = app.Get<EventLog>();
        var domain = EventsAppFixture.NewDomain("trim");
        var first = (await log.AppendAsync(domain, [EventsAppFixture.Tick(0, 0)], CancellationToken.None))[0];
        IReadOnlyList<StreamId> last = [];
        for (var batch = 0; batch < 10; batch++)
        {
            last = await log.AppendAsync(domain, [.. Enumerable.Range(0, 60).Select(n => EventsAppFixture.Tick(1, n))], CancellationToken.None);
        }

        await app.EnsureDomainAsync(domain);
        using var client = app.NewClient(HydraTestApp.AdminToken);
        client.DefaultRequestHeaders.Add("x-domain", domain);
        var source = new EventSourceClient(client, "/api/events/stream?wait=0&after=" + first);
        var reset = await source.PollAsync(CancellationToken.None);

        var frame = Assert.Single(reset.Frames);
        Assert.Equal("reset", frame.Name);
        Assert.Equal(last[^1].ToString(), reset.LastId);
        Assert.Equal(last[^1].ToString(), JsonNode.Parse(frame.Data)!["next_cursor"]!.GetValue<string>());
        Assert.Empty((await source.PollAsync(CancellationToken.None)).Frames);

        using var json = await client.GetAsync("/api/events?wait=0&after=" + first);
        var page = await json.ReadJsonAsync();
        Assert.True(page["reset"]!.GetValue<bool>());
        Assert.Empty(page["events"]!.AsArray());
    }

    [Fact]
    public async Task Job_changes_runs_and_worker_states_through_the_API_append_their_events_in_order()
    {
        var domain = EventsAppFixture.NewDomain("api");
        using var client = fixture.ClientFor(domain);
        // A worker registers with its domain token's hash; rotating hands us a token to present.
        using var rotated = await client.PostAsync($"/api/admin/domains/{domain}/token", null);
        var token = (await rotated.ReadJsonAsync())["token"]!.GetValue<string>();
        var registration = await fixture.App.Get<WorkerRegistry>().RegisterAsync(new WorkerRegistration
        {
            Domain = domain, WorkerId = "w1", Os = "linux", Hostname = "h", MaxConcurrency = 1, State = "draining",
            TokenHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))),
        }, CancellationToken.None);
        Assert.Equal("draining", registration.State);

        var job = await client.PostJobAsync(ApiClient.ShellJob("evented", "true", ""","schedule":{"mode":"interval","interval_seconds":60}"""));
        var jobId = job["id"]!.GetValue<string>();
        using (var put = await client.PutAsync($"/api/jobs/{jobId}", ApiClient.Json("""{"timeout":5}""")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var run = await client.PostAsync($"/api/jobs/{jobId}/run", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        }

        using (var state = await client.PostAsync("/api/workers/w1/state?state=disabled", null))
        {
            Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        }

        using (var delete = await client.DeleteAsync($"/api/jobs/{jobId}"))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        using var response = await client.GetAsync("/api/events?after=0&wait=0");
        var events = (await response.ReadJsonAsync())["events"]!.AsArray().Select(e => e!).ToList();
        Assert.Equal(
            ["job_created", "job_scheduled", "job_updated", "run_queued", "worker_state_changed", "job_deleted"],
            events.Select(e => e["type"]!.GetValue<string>()));
        Assert.All(events.Where(e => e["type"]!.GetValue<string>().StartsWith("job", StringComparison.Ordinal)),
            e => Assert.Equal(jobId, e["payload"]!["job_id"]!.GetValue<string>()));
        Assert.Equal("manual", events[3]["payload"]!["trigger"]!.GetValue<string>());
        Assert.Equal("disabled", events[4]["payload"]!["state"]!.GetValue<string>());
        Assert.DoesNotContain(events, e => e.ToJsonString().Contains("\"script\"", StringComparison.Ordinal));
    }
}
