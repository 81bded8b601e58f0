using System.Collections.Concurrent;
using System.Net;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hydra.Tests.Reliability;

/// <summary>
/// kill -9 of the function app (the lean host as a real process) in the middle of a burst of submissions while runs
/// finish: after a restart on the same store and Redis, every accepted submission ends in exactly one terminal run.
/// </summary>
public sealed class FunctionAppCrashTests(ITestOutputHelper output)
{
    private const int Submissions = 500;
    private const int KillAfter = 200;

    [Fact]
    public async Task Every_accepted_submission_ends_in_exactly_one_terminal_run_after_the_app_is_killed_and_restarted()
    {
        var directory = Directory.CreateTempSubdirectory("hydra-crash-").FullName;
        var store = $"sqlite://{Path.Combine(directory, "hydra.db")}";
        var prefix = TestServices.UniqueName("crash");
        var port = FunctionAppProcess.FreePort();
        var settings = new Dictionary<string, string> { ["HYDRA_RECONCILE_GRACE_SECONDS"] = "2" };
        var app = await FunctionAppProcess.StartAsync(store, prefix, port, settings);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var w1 = WorkerProcess.Start(prefix, $"c1-{suffix}", slots: 8);
        await using var w2 = WorkerProcess.Start(prefix, $"c2-{suffix}", slots: 8);
        try
        {
            var accepted = new ConcurrentDictionary<string, string>();
            var refused = 0;
            var next = 0;
            using var client = app.NewClient();
            var killed = new TaskCompletionSource();

            async Task SubmitLoopAsync()
            {
                while (Interlocked.Increment(ref next) is var n && n <= Submissions)
                {
                    try
                    {
                        using var response = await client.PostAsync("/api/jobs/adhoc", ApiClient.Json($$"""{"name":"burst-{{n}}","executor":{"type":"shell","script":"echo {{n}}"} }"""));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var job = (await response.ReadJsonAsync())["_id"]!.GetValue<string>();
                            accepted[job] = response.Headers.GetValues("X-Run-Id").Single();
                            if (accepted.Count == KillAfter)
                            {
                                killed.TrySetResult();
                            }
                        }
                        else
                        {
                            Interlocked.Increment(ref refused);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The app died under this request: not accepted, as far as the client knows.
                        Interlocked.Increment(ref refused);
                    }
                }
            }

            var submitters = Enumerable.Range(0, 8).Select(_ => Task.Run(SubmitLoopAsync)).ToList();
            await killed.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await app.KillAsync();
            var acceptedAtKill = accepted.Count;
            await Task.WhenAll(submitters).WaitAsync(TimeSpan.FromSeconds(120));
            var refusedDuringOutage = refused;

            await app.DisposeAsync();
            app = await FunctionAppProcess.StartAsync(store, prefix, port, settings);
            using var after = app.NewClient();

            var ended = 0;
            var duplicates = 0;
            var notSuccess = new List<string>();
            foreach (var (job, run) in accepted)
            {
                var final = await RunProbe.WaitForEndAsync(after, run, TimeSpan.FromSeconds(120));
                ended++;
                if (RunProbe.Status(final) != "success")
                {
                    notSuccess.Add($"{run}: {final.ToJsonString()}");
                }

                using var list = await after.GetAsync($"/api/jobs/{job}/runs");
                var runs = (await list.ReadJsonAsync()).AsArray();
                var successAttempts = RunProbe.Attempts(final).Count(a => a!["status"]!.GetValue<string>() == "success");
                if (runs.Count != 1 || successAttempts != 1)
                {
                    duplicates++;
                }
            }

            output.WriteLine($"submitted {Submissions}, accepted {accepted.Count} ({acceptedAtKill} before the kill), refused or cut off {refusedDuringOutage}, ended {ended}, not success {notSuccess.Count}, duplicated {duplicates}");
            Assert.Equal(accepted.Count, ended);
            Assert.True(notSuccess.Count == 0, string.Join('\n', notSuccess.Take(5)) + "\n" + app.Output);
            Assert.Equal(0, duplicates);
            Assert.True(refusedDuringOutage > 0, "the kill should have cut off some submissions");
        }
        finally
        {
            await app.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
