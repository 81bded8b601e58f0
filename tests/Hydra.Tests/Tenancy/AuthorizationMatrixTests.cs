using System.Net;
using System.Text.RegularExpressions;
using Hydra.Functions.Catalog;
using Hydra.Functions.Auth;
using Hydra.Shared.Redis;
using Hydra.Tests.Api;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Tenancy;

/// <summary>
/// Every HTTP function of the function table × every kind of caller, with the answer each must get. Requests are
/// generated from the table (method, route with its placeholders filled by a fresh object of the right kind), so a
/// function another engineer adds is covered without touching this test.
/// </summary>
public sealed partial class AuthorizationMatrixTests : IAsyncLifetime
{
    private const string Origin = "http://localhost:5173";
    private HydraTestApp _app = null!;
    private Tenant _own = null!;
    private Tenant _other = null!;
    private string _rotatedOut = null!;

    public enum CallerKind { NoToken, BadToken, RotatedOut, OtherDomain, OwnDomain, Admin }

    public async Task InitializeAsync()
    {
        _app = await HydraTestApp.StartAsync();
        _own = await TenantScope.CreateTenantAsync(_app);
        _other = await TenantScope.CreateTenantAsync(_app);
        _rotatedOut = _own.Token;
        _own = _own with { Token = await TenantScope.RotateAsync(_app, _own.Domain) };
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Every_function_declares_a_policy_and_every_http_function_has_a_route()
    {
        Assert.All(FunctionTable.All, f => Assert.True(Enum.IsDefined(f.Auth), $"{f.Name} has no auth policy"));
        Assert.All(FunctionTable.Http, f => Assert.False(string.IsNullOrWhiteSpace(f.Http!.Route), $"{f.Name} has no route"));
        Assert.Contains(FunctionTable.Http, f => f.Auth == AuthPolicy.Admin);
        Assert.Equal(["Health"], FunctionTable.Http.Where(f => f.Auth == AuthPolicy.Public).Select(f => f.Name));
    }

    [Fact]
    public async Task Every_http_function_answers_every_kind_of_caller_as_its_policy_says()
    {
        var failures = new List<string>();
        var cases = 0;
        foreach (var function in FunctionTable.Http)
        {
            foreach (var method in function.Http!.Methods)
            {
                foreach (var kind in Enum.GetValues<CallerKind>())
                {
                    var path = "/api/" + await FillPlaceholdersAsync(function.Http.Route);
                    var (status, cors) = await SendAsync(kind, new HttpMethod(method), path);
                    cases++;
                    var expected = Expect(function, method, kind);
                    if (!expected.Accepts(status))
                    {
                        failures.Add($"{function.Name} {method} {path} as {kind}: got {status}, expected {expected}");
                    }

                    if (!cors)
                    {
                        failures.Add($"{function.Name} {method} {path} as {kind}: no CORS header on a {status}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures));
        Assert.True(cases >= FunctionTable.Http.Count() * 6);
    }

    [Fact]
    public async Task A_preflight_needs_no_token_and_names_the_allowed_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/jobs");
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key,content-type");
        using var client = _app.NewClient(null);
        using var response = await client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    /// <summary>What a caller must get: an exact status, or any status but some.</summary>
    private sealed record Expected(int? Exactly, int[] Not)
    {
        public bool Accepts(int status) => status < 500 && (Exactly is { } exact ? status == exact : !Not.Contains(status));

        public override string ToString() => Exactly is { } exact ? exact.ToString(System.Globalization.CultureInfo.InvariantCulture) : "anything below 500 but " + string.Join("/", Not);
    }

    private static Expected Expect(FunctionDefinition function, string method, CallerKind kind)
    {
        var hasId = Placeholder().IsMatch(function.Http!.Route);
        // PUT /secrets/{name} is an upsert in the caller's own domain: another domain's name is just a new secret.
        var upsert = method == "PUT" && ObjectKind(function.Http.Route) == "secrets";
        var knownKind = ObjectKind(function.Http.Route) is not null && !upsert;
        return (function.Auth, kind) switch
        {
            (AuthPolicy.Public, _) => new(200, []),
            (_, CallerKind.NoToken or CallerKind.BadToken or CallerKind.RotatedOut) => new(401, []),
            (AuthPolicy.Admin, CallerKind.OtherDomain or CallerKind.OwnDomain) => new(403, []),
            // Another domain's object: its existence is not revealed.
            (AuthPolicy.Domain, CallerKind.OtherDomain) when hasId && knownKind => new(404, []),
            (AuthPolicy.Domain, CallerKind.OtherDomain) => new(null, [401, 403]),
            _ when hasId && (knownKind || upsert) => new(null, [401, 403, 404]),
            _ => new(null, [401, 403]),
        };
    }

    private async Task<(int Status, bool Cors)> SendAsync(CallerKind kind, HttpMethod method, string path)
    {
        var token = kind switch
        {
            CallerKind.NoToken => null,
            CallerKind.BadToken => "not-a-token-" + Guid.NewGuid().ToString("N"),
            CallerKind.RotatedOut => _rotatedOut,
            CallerKind.OtherDomain => _other.Token,
            CallerKind.OwnDomain => _own.Token,
            _ => HydraTestApp.AdminToken,
        };
        using var client = _app.NewClient(token);
        client.DefaultRequestHeaders.Add("Origin", Origin);
        if (kind == CallerKind.Admin)
        {
            client.DefaultRequestHeaders.Add("x-domain", _own.Domain);
        }

        // Streaming functions may hold the response open; an auth failure never does, so a timeout means "let in".
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            using var response = await TenantScope.SendAsync(client, method, path, "{}", timeout.Token);
            return ((int)response.StatusCode, response.Headers.Contains("Access-Control-Allow-Origin"));
        }
        catch (TaskCanceledException) when (timeout.IsCancellationRequested)
        {
            return (200, true);
        }
    }

    /// <summary>Fills each placeholder with a fresh object of the owning domain, so a destructive call never spoils the next case.</summary>
    private async Task<string> FillPlaceholdersAsync(string route)
    {
        var id = ObjectKind(route) switch
        {
            "jobs" => await FreshJobAsync(),
            "runs" => await FreshRunAsync(),
            "workers" => await FreshWorkerAsync(),
            "secrets" => await FreshSecretAsync(),
            "domains" => (await TenantScope.CreateDomainAsync(_app)).Domain,
            _ => Guid.NewGuid().ToString("N"),
        };
        return Placeholder().Replace(route, id);
    }

    private static string? ObjectKind(string route)
    {
        var segments = route.Split('/');
        var first = segments[0] == "admin" && segments.Length > 1 ? segments[1] : segments[0];
        return first is "jobs" or "runs" or "workers" or "secrets" or "domains" ? first : null;
    }

    private async Task<string> FreshJobAsync()
    {
        using var client = _app.NewClient(_own.Token);
        var job = await client.PostJobAsync(ApiClient.ShellJob("matrix", "echo hi",
            ""","affinity":{"tags":["nobody-has-this-tag"]},"schedule":{"mode":"interval","interval_seconds":3600,"enabled":false}"""));
        return job["_id"]!.GetValue<string>();
    }

    private async Task<string> FreshRunAsync()
    {
        using var client = _app.NewClient(_own.Token);
        using var response = await client.PostAsync($"/api/jobs/{_own.JobId}/run", null);
        return (await response.ReadJsonAsync())["run_id"]!.GetValue<string>();
    }

    private async Task<string> FreshWorkerAsync()
    {
        var id = "w-" + Guid.NewGuid().ToString("N")[..8];
        await _app.Get<WorkerRegistry>().RegisterAsync(new WorkerRegistration
        {
            Domain = _own.Domain, WorkerId = id, Os = "linux", Hostname = "h", MaxConcurrency = 1, TokenHash = TokenHash.Of(_own.Token),
        }, CancellationToken.None);
        return id;
    }

    private async Task<string> FreshSecretAsync()
    {
        var name = "s-" + Guid.NewGuid().ToString("N")[..8];
        using var client = _app.NewClient(_own.Token);
        using var response = await client.PutAsync($"/api/secrets/{name}", ApiClient.Json("""{"value":"v"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
