using System.Text.RegularExpressions;
using Hydra.Functions.Store;
using Hydra.Shared.Redis;
using Npgsql;
using StackExchange.Redis;

namespace Hydra.Tests.Shipping;

/// <summary>
/// compose.yaml cannot be started here (no Docker engine), so it is checked against what the apps read: every
/// service's image or build, its published ports against what the container listens on, its environment against the
/// README's settings tables and the other services' credentials, and its dependencies.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly HashSet<string> FunctionsHostSettings = ["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME"];
    private readonly ComposeFile _compose = ComposeFile.Load(RepoFiles.ReadText("compose.yaml"));

    [Fact]
    public void Every_service_of_the_stack_has_an_image_or_a_build_whose_dockerfile_exists()
    {
        Assert.Equal(["azurite", "functions", "postgres", "redis", "ui", "worker"], _compose.Services.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, _) in _compose.Services)
        {
            var service = _compose.Service(name);
            var build = ComposeFile.Map(service, "build");
            Assert.True(service.ContainsKey("image") ^ build.Count > 0, $"{name} needs exactly one of image or build");
            if (build.Count > 0)
            {
                var context = RepoFiles.InRepo((string)build["context"]!);
                Assert.True(Directory.Exists(context), $"{name}: build context {context} is missing");
                Assert.True(File.Exists(Path.Combine(context, (string)build["dockerfile"]!)), $"{name}: {build["dockerfile"]} is missing");
            }
        }

        Assert.Equal("functions/Dockerfile", ComposeFile.Map(_compose.Service("functions"), "build")["dockerfile"]);
        Assert.Equal("worker-host/Dockerfile", ComposeFile.Map(_compose.Service("worker"), "build")["dockerfile"]);
    }

    [Fact]
    public void Redis_appends_to_a_file_on_a_named_volume_and_postgres_and_azurite_keep_their_data_on_volumes()
    {
        var redis = _compose.Service("redis");
        var command = string.Join(' ', ComposeFile.Strings(redis, "command"));
        Assert.Contains("--appendonly yes", command, StringComparison.Ordinal);
        Assert.Contains("--appendfsync everysec", command, StringComparison.Ordinal);

        var declared = ComposeFile.Map(_compose.Root, "volumes").Keys.ToHashSet(StringComparer.Ordinal);
        Assert.Equal("/data", NamedVolumeTarget("redis", declared));
        Assert.Equal("/var/lib/postgresql/data", NamedVolumeTarget("postgres", declared));
        Assert.Equal("/data", NamedVolumeTarget("azurite", declared));
        Assert.Contains("/data", string.Join(' ', ComposeFile.Strings(_compose.Service("azurite"), "command")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_function_app_gets_only_settings_it_reads_and_they_point_at_the_compose_services()
    {
        var env = ComposeFile.Environment(_compose.Service("functions"));
        var documented = ReadmeSettings.FunctionApp;
        Assert.All(env.Keys, key => Assert.True(documented.Contains(key) || FunctionsHostSettings.Contains(key), $"functions sets {key}, which the function app does not read"));

        var postgres = ComposeFile.Environment(_compose.Service("postgres"));
        var store = StoreOptions.Parse(env["HYDRA_STORE"], "/home/site/wwwroot");
        Assert.Equal("postgres", store.Engine);
        var connection = new NpgsqlConnectionStringBuilder(store.Target);
        Assert.Equal(("postgres", 5432), (connection.Host, connection.Port));
        Assert.Equal(postgres["POSTGRES_USER"], connection.Username);
        Assert.Equal(postgres["POSTGRES_PASSWORD"], connection.Password);
        Assert.Equal(postgres["POSTGRES_DB"], connection.Database);

        var redis = RedisUrl.Parse(env["REDIS_URL"]);
        Assert.Equal("redis:6379", Assert.Single(redis.EndPoints).ToString()?.Replace("Unspecified/", "", StringComparison.Ordinal));

        // The Functions host's own storage is Azurite on the compose network, not the developer's 127.0.0.1.
        var storage = env["AzureWebJobsStorage"];
        Assert.Contains("BlobEndpoint=http://azurite:10000/devstoreaccount1", storage, StringComparison.Ordinal);
        Assert.Contains("QueueEndpoint=http://azurite:10001/devstoreaccount1", storage, StringComparison.Ordinal);
        Assert.Contains("TableEndpoint=http://azurite:10002/devstoreaccount1", storage, StringComparison.Ordinal);

        Assert.Equal(ComposeFile.Sample("ADMIN_TOKEN"), env["ADMIN_TOKEN"]);
        Assert.Contains("ADMIN_TOKEN", _compose.Required);
        Assert.Contains("http://localhost:8080", env["CORS_ALLOW_ORIGINS"].Split(','));
        AssertDependsOn("functions", "redis", "postgres", "azurite");
    }

    [Fact]
    public void Workers_scale_out_and_share_the_function_apps_redis_prefix_and_serve_its_bootstrap_domain()
    {
        var worker = _compose.Service("worker");
        var env = ComposeFile.Environment(worker);
        var functions = ComposeFile.Environment(_compose.Service("functions"));
        var documented = ReadmeSettings.WorkerHost;
        Assert.All(env.Keys, key => Assert.True(documented.Contains(key), $"worker sets {key}, which the worker host does not read"));

        Assert.Equal(functions["REDIS_URL"], env["REDIS_URL"]);
        Assert.Equal(functions.GetValueOrDefault("HYDRA_REDIS_PREFIX", "hydra"), env.GetValueOrDefault("HYDRA_REDIS_PREFIX", "hydra"));
        // Workers serve the domain the function app bootstraps, with that domain's token (never the admin token).
        Assert.Equal(functions["HYDRA_BOOTSTRAP_DOMAIN"], env["WORKER_DOMAIN"]);
        Assert.Contains("WORKER_DOMAIN_TOKEN", _compose.Required);
        Assert.NotEqual(functions["ADMIN_TOKEN"], env["WORKER_DOMAIN_TOKEN"]);

        // `--scale worker=3` needs replicas that differ: no fixed name, host port or worker id.
        Assert.False(worker.ContainsKey("container_name"), "a container_name prevents --scale");
        Assert.False(worker.ContainsKey("ports"), "a published port prevents --scale");
        Assert.False(env.ContainsKey("WORKER_ID"), "replicas would share one WORKER_ID");

        var grace = int.Parse(env["SHUTDOWN_GRACE_SECONDS"], System.Globalization.CultureInfo.InvariantCulture);
        var stop = Seconds((string)worker["stop_grace_period"]!);
        Assert.True(stop > grace + 15, $"stop_grace_period {stop}s does not cover the {grace}s grace plus the host's 15 s margin");
        AssertDependsOn("worker", "redis");
    }

    [Fact]
    public void Published_ports_lead_to_what_the_containers_listen_on()
    {
        var functionsPort = ContainerPort("functions", 7071);
        var dockerfile = RepoFiles.ReadText("functions", "Dockerfile");
        Assert.Contains($"EXPOSE {functionsPort}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"ASPNETCORE_URLS=http://+:{functionsPort}", dockerfile, StringComparison.Ordinal);

        var uiPort = ContainerPort("ui", 8080);
        var ui = _compose.Service("ui");
        var mounts = ComposeFile.Strings(ui, "volumes");
        var confMount = Assert.Single(mounts, m => m.EndsWith("/etc/nginx/conf.d/default.conf:ro", StringComparison.Ordinal));
        var conf = RepoFiles.ReadText(confMount.Split(':')[0].TrimStart('.', '/'));
        Assert.Contains($"listen {uiPort};", conf, StringComparison.Ordinal);
        Assert.Contains($"proxy_pass http://functions:{functionsPort};", conf, StringComparison.Ordinal);
        Assert.Contains(mounts, m => m.StartsWith("./ui/dist:/usr/share/nginx/html", StringComparison.Ordinal));
        AssertDependsOn("ui", "functions");
    }

    [Theory]
    [InlineData("functions/Dockerfile", "mcr.microsoft.com/azure-functions/")]
    [InlineData("worker-host/Dockerfile", "mcr.microsoft.com/dotnet/runtime-deps:")]
    public void Dockerfiles_build_in_stages_and_run_as_a_non_root_user(string path, string finalImage)
    {
        var lines = RepoFiles.ReadText(path.Split('/')).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stages = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.True(stages.Count >= 2, $"{path} is not a multi-stage build");
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0", stages[0].l, StringComparison.Ordinal);
        Assert.StartsWith("FROM " + finalImage, stages[^1].l, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        Assert.Contains(lines.Skip(stages[^1].i), l => l.StartsWith("COPY --from=build", StringComparison.Ordinal));

        var user = lines.Skip(stages[^1].i).LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.NotNull(user);
        var who = user["USER ".Length..].Split(':')[0];
        Assert.DoesNotContain(who, new[] { "root", "0" });
    }

    private string NamedVolumeTarget(string service, HashSet<string> declared)
    {
        var volume = Assert.Single(ComposeFile.Strings(_compose.Service(service), "volumes"));
        var parts = volume.Split(':');
        Assert.True(declared.Contains(parts[0]), $"{service} mounts '{parts[0]}', which is not a declared named volume");
        return parts[1];
    }

    private int ContainerPort(string service, int hostPort)
    {
        var mapping = Assert.Single(ComposeFile.Strings(_compose.Service(service), "ports")).Split(':');
        Assert.Equal(hostPort.ToString(System.Globalization.CultureInfo.InvariantCulture), mapping[0]);
        return int.Parse(mapping[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private void AssertDependsOn(string service, params string[] dependencies)
    {
        var dependsOn = ComposeFile.Map(_compose.Service(service), "depends_on");
        foreach (var dependency in dependencies)
        {
            Assert.True(dependsOn.TryGetValue(dependency, out var spec), $"{service} does not depend on {dependency}");
            var condition = (spec as Dictionary<string, object?>)?.GetValueOrDefault("condition") as string;
            var expected = _compose.Service(dependency).ContainsKey("healthcheck") ? "service_healthy" : "service_started";
            Assert.Equal(expected, condition);
        }
    }

    private static int Seconds(string duration)
    {
        var m = Duration().Match(duration);
        Assert.True(m.Success, $"'{duration}' is not a duration like 60s or 1m30s");
        return (m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture) * 60 : 0)
            + (m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }

    [GeneratedRegex(@"^(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex Duration();
}
