using System.Net.Http.Headers;
using Hydra.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hydra.Tests.Infrastructure;

/// <summary>
/// The function app on its lean host, in this process, on a real loopback port, with its own SQLite file
/// (or the given store) — what `dotnet run --project functions` serves, minus the process boundary.
/// </summary>
public sealed class HydraTestApp : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789abcdef";

    /// <summary>HYDRA_SECRETS_KEY of test apps (64 hex characters = 32 bytes).</summary>
    public const string SecretsKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    /// <summary>The domain token of each running app's bootstrap domain, by Redis prefix, for <see cref="WorkerProcess.Start"/>.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Domain, string Token)> WorkerCredentials = new();

    private readonly WebApplication _app;
    private readonly string _directory;

    private HydraTestApp(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Address = address;
        Client = NewClient(AdminToken);
    }

    public Uri Address { get; }

    /// <summary>The Redis key prefix this app uses (unique per app, so tests do not see each other's workers).</summary>
    public string RedisPrefix => _app.Services.GetRequiredService<Hydra.Shared.Redis.RedisKeys>().Prefix;

    /// <summary>A client that sends the admin token.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The domain the app created on first start (and the admin's default domain): where workers started by WorkerProcess serve.</summary>
    public string BootstrapDomain => WorkerCredentials[RedisPrefix].Domain;

    /// <summary>The bootstrap domain's token.</summary>
    public string BootstrapToken => WorkerCredentials[RedisPrefix].Token;

    /// <summary>The domain and token a worker of the app with this Redis prefix uses unless told otherwise.</summary>
    internal static (string Domain, string Token)? CredentialsFor(string redisPrefix) =>
        WorkerCredentials.TryGetValue(redisPrefix, out var credentials) ? credentials : null;

    /// <summary>For apps started as processes (FunctionAppProcess): the worker credentials of their Redis prefix.</summary>
    internal static void RememberCredentials(string redisPrefix, string domain, string token) =>
        WorkerCredentials[redisPrefix] = (domain, token);

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<HydraTestApp> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var directory = Directory.CreateTempSubdirectory("hydra-app-").FullName;
        var config = new Dictionary<string, string?>
        {
            ["ADMIN_TOKEN"] = AdminToken,
            ["HYDRA_STORE"] = $"sqlite://{Path.Combine(directory, "hydra.db")}",
            ["HYDRA_URLS"] = "http://127.0.0.1:0",
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "",
            ["LOG_LEVEL"] = "Warning",
            ["REDIS_URL"] = "redis://" + TestServices.Redis,
            ["HYDRA_REDIS_PREFIX"] = TestServices.UniqueName("app"),
            ["HYDRA_BOOTSTRAP_TOKEN_FILE"] = Path.Combine(directory, "domain-token"),
            ["HYDRA_SECRETS_KEY"] = SecretsKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var app = HydraApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            services?.Invoke(builder.Services);
        });
        await HydraApp.InitializeAsync(app, CancellationToken.None);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var started = new HydraTestApp(app, directory, new Uri(address));
        await started.ProvisionWorkerCredentialsAsync(config["HYDRA_BOOTSTRAP_TOKEN_FILE"]);
        return started;
    }

    /// <summary>
    /// Workers need their domain's token. A fresh store gets it from the bootstrap token file; a store that already
    /// had domains (no file written) gets a new token for the admin's default domain by rotation.
    /// </summary>
    private async Task ProvisionWorkerCredentialsAsync(string? tokenFile)
    {
        var domain = Get<Microsoft.Extensions.Options.IOptions<Hydra.Functions.Auth.AuthOptions>>().Value.AdminDomain;
        string token;
        if (tokenFile is not null && File.Exists(tokenFile))
        {
            token = (await File.ReadAllTextAsync(tokenFile)).Trim();
        }
        else
        {
            using var response = await Client.PostAsync(new Uri($"/api/admin/domains/{domain}/token", UriKind.Relative), null);
            response.EnsureSuccessStatusCode();
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            token = body["token"]!.GetValue<string>();
        }

        WorkerCredentials[RedisPrefix] = (domain, token);
    }

    /// <summary>Creates the domain (as the admin) unless it exists; admins may only act in domains that exist.</summary>
    public async Task EnsureDomainAsync(string domain)
    {
        using var response = await Client.PostAsync("/api/admin/domains",
            new StringContent("{\"domain\":" + System.Text.Json.JsonSerializer.Serialize(domain) + "}", System.Text.Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"Creating domain {domain} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public HttpClient NewClient(string? token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(100) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", token);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        WorkerCredentials.TryRemove(RedisPrefix, out _);
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
