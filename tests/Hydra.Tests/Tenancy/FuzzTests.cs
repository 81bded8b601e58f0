using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Hydra.Functions.Catalog;
using Hydra.Functions.Store;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hydra.Tests.Tenancy;

/// <summary>
/// Sends at least 10,000 generated and mutated bodies to every write route of the function table and finds no
/// answer of 500 or more, and no stored change from a refused request: the audit log, the job count and the target
/// job's version move exactly as much as the accepted requests account for.
/// </summary>
public sealed partial class FuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Payloads = 10_000;
    private HydraTestApp _app = null!;
    private Tenant _tenant = null!;
    private string _rotatable = null!;

    public async Task InitializeAsync()
    {
        _app = await HydraTestApp.StartAsync(new Dictionary<string, string?> { ["HYDRA_WRITE_RATE_PER_MINUTE"] = "1000000" });
        _tenant = await TenantScope.CreateTenantAsync(_app);
        _rotatable = (await TenantScope.CreateDomainAsync(_app)).Domain;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private sealed record Route(FunctionDefinition Function, HttpMethod Method, string Path);

    [Fact]
    public async Task Ten_thousand_hostile_bodies_to_every_write_route_get_no_5xx_and_change_nothing_when_refused()
    {
        var routes = WriteRoutes();
        Assert.NotEmpty(routes);
        var seed = Environment.TickCount;
        var before = await SnapshotAsync();
        var accepted = new ConcurrentDictionary<string, int>();
        var runsCreated = 0;
        var serverErrors = new ConcurrentQueue<string>();
        var sent = 0;
        var resent = 0;
        var kinds = new ConcurrentDictionary<string, int>();

        using var admin = _app.NewClient(HydraTestApp.AdminToken);
        using var domain = _app.NewClient(_tenant.Token);
        await Parallel.ForEachAsync(Enumerable.Range(0, Payloads), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var generator = new PayloadGenerator(seed + i);
            var body = generator.Next(out var kind);
            var route = routes[i % routes.Count];
            var client = route.Function.Auth == AuthPolicy.Admin ? admin : domain;
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(client, route, body, i, ct);
            }
            catch (HttpRequestException) when (body.Length > Hydra.Functions.Http.JsonRequestBody.MaxBytes)
            {
                // Kestrel answers 413 and closes before an oversize upload ends; the client sees the closed socket.
                Interlocked.Increment(ref sent);
                kinds.AddOrUpdate(kind + " (cut off at the cap)", 1, (_, n) => n + 1);
                return;
            }
            catch (HttpRequestException)
            {
                // A keep-alive connection the server closed (after an earlier 413, under load) can fail a request on it, and
                // the client cannot tell whether the server applied it first: send it once more, and count it as unsure.
                Interlocked.Increment(ref resent);
                response = await SendAsync(client, route, body, i, ct);
            }

            using var _ = response;
            Interlocked.Increment(ref sent);
            kinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                serverErrors.Enqueue($"{route.Method} {route.Path} [{kind}, seed {seed + i}] → {status}: " +
                    $"{await response.Content.ReadAsStringAsync(ct)}\n  body: {PayloadGenerator.Describe(body)}");
            }
            else if (status is >= 200 and < 300)
            {
                accepted.AddOrUpdate(route.Function.Name, 1, (_, n) => n + 1);
                if (response.Headers.Contains("X-Run-Id"))
                {
                    Interlocked.Increment(ref runsCreated);
                }
            }
        });

        output.WriteLine($"Fuzz: sent {sent} payloads to {routes.Count} write routes (seed {seed}); " +
            $"{serverErrors.Count} answered ≥ 500; {resent} resent after a dropped connection; accepted {accepted.Values.Sum()} ({string.Join(", ", accepted.Select(a => $"{a.Key} {a.Value}"))}); " +
            $"kinds: {string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}");
        Assert.True(sent >= 10_000, $"only {sent} payloads sent");
        Assert.True(serverErrors.IsEmpty, $"{serverErrors.Count} answers ≥ 500, first:\n" + string.Join("\n", serverErrors.Take(5)));

        var after = await SnapshotAsync();
        int Accepted(params string[] names) => names.Sum(n => accepted.GetValueOrDefault(n));
        // A resent request may have been applied twice (once unseen): each allows one more change, never a refused one.
        Assert.InRange(after.Jobs, before.Jobs + Accepted("JobsCreate", "JobsAdhoc"), before.Jobs + Accepted("JobsCreate", "JobsAdhoc") + resent);
        // An accepted pause or resume bumps the version when it changed the schedule (not when it was already so).
        Assert.InRange(after.JobVersion, before.JobVersion + Accepted("JobsUpdate"),
            before.JobVersion + Accepted("JobsUpdate", "JobsPause", "JobsResume") + resent);
        Assert.InRange(after.Domains, before.Domains + Accepted("AdminDomainsCreate"), before.Domains + Accepted("AdminDomainsCreate") + resent);

        // Every accepted change writes one audit entry (a create that also queued a run, two); validation writes none.
        var known = FunctionTable.Http.Select(f => f.Name).Where(n => !n.Contains("Validate", StringComparison.Ordinal)).ToHashSet();
        var expected = accepted.Where(a => known.Contains(a.Key)).Sum(a => a.Value) + runsCreated;
        Assert.InRange(after.Audit, before.Audit + expected, before.Audit + expected + 2 * resent);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Route route, byte[] body, int i, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(route.Method, route.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(i % 10 == 9 ? "text/plain" : "application/json");
        return await client.SendAsync(request, ct);
    }

    private List<Route> WriteRoutes()
    {
        var routes = new List<Route>();
        foreach (var function in FunctionTable.Http)
        {
            foreach (var method in function.Http!.Methods.Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                routes.Add(new Route(function, new HttpMethod(method), "/api/" + Fill(function.Http.Route, method)));
            }
        }

        return routes;
    }

    /// <summary>Real objects to write to; deletes aim at ids that do not exist, so one accepted delete cannot end the run.</summary>
    private string Fill(string route, string method) => Placeholder().Replace(route, _ =>
        method == "DELETE" ? "00000000000000000000000000000000"
        : route.StartsWith("jobs/", StringComparison.Ordinal) ? _tenant.JobId
        : route.StartsWith("runs/", StringComparison.Ordinal) ? _tenant.RunId
        : route.StartsWith("workers/", StringComparison.Ordinal) ? _tenant.WorkerId
        : route.StartsWith("secrets/", StringComparison.Ordinal) ? _tenant.Secret
        : route.StartsWith("admin/domains/", StringComparison.Ordinal) ? _rotatable
        : "00000000000000000000000000000000");

    private sealed record Snapshot(long Jobs, int JobVersion, int Domains, int Audit);

    private async Task<Snapshot> SnapshotAsync()
    {
        var jobs = 0L;
        string? cursor = null;
        do
        {
            var page = await _app.Get<IJobStore>().ListAsync(new JobQuery(null, null, 500, cursor), CancellationToken.None);
            jobs += page.Items.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var job = await _app.Get<IJobStore>().GetAsync(null, _tenant.JobId, CancellationToken.None);
        var domains = await _app.Get<IDomainStore>().ListAsync(CancellationToken.None);
        var audit = 0;
        cursor = null;
        do
        {
            var page = await _app.Get<IAuditStore>().ListAsync(new AuditQuery(null, null, null, null, null, null, 500, cursor), CancellationToken.None);
            audit += page.Items.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return new Snapshot(jobs, job!.Version, domains.Count, audit);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
