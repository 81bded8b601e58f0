using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Shipping;

/// <summary>
/// Plays the Azure Functions host against the deployable zip: extracts it as the platform mounts it, reads
/// host.json's customHandler description, starts the executable it names in the app root with the variables the host
/// sets (FUNCTIONS_CUSTOMHANDLER_PORT, FUNCTIONS_HTTPWORKER_PORT, FUNCTIONS_CUSTOMHANDLER_WORKER_ID,
/// FUNCTIONS_HTTPWORKER_ID, FUNCTIONS_APP_ROOT_PATH) plus the app settings, and polls <c>GET /</c> every 25 ms until
/// any HTTP answer, within the host's 30 s initialization timeout. PATH and DOTNET_ROOT point at no .NET install, so
/// the package must carry its runtime. The host's own environment leaks ASPNETCORE_URLS into the child; we set one to
/// a different port to show the handler binds the port it was given regardless.
/// </summary>
public sealed class PackagedHandler : IAsyncLifetime
{
    public const string AdminToken = "packaged-admin-token-0123456789abcdef";
    public const string HostVersion = "4.1044.0.0";
    private static readonly TimeSpan InitializationTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private Process? _process;

    public string AppRoot { get; } = Directory.CreateTempSubdirectory("hydra-package-").FullName;

    public int Port { get; } = FreePort();

    /// <summary>The port the leaked ASPNETCORE_URLS names; nothing may listen there.</summary>
    public int DecoyPort { get; } = FreePort();

    public TimeSpan StartupTime { get; private set; }

    public JsonObject HostJson { get; private set; } = [];

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    public async Task InitializeAsync()
    {
        ZipFile.ExtractToDirectory(RepoFiles.RequireArtifact(RepoFiles.FunctionsZip), AppRoot);
        HostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppRoot, "host.json")))!.AsObject();
        var description = HostJson["customHandler"]!["description"]!;
        var executable = Path.Combine(AppRoot, description["defaultExecutablePath"]!.GetValue<string>());
        var workingDirectory = Path.Combine(AppRoot, description["workingDirectory"]?.GetValue<string>() ?? "");

        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in description["arguments"]?.AsArray() ?? [])
        {
            info.ArgumentList.Add(argument!.GetValue<string>());
        }

        var port = Port.ToString(CultureInfo.InvariantCulture);
        var workerId = Guid.NewGuid().ToString();
        var env = info.Environment;
        env.Remove("DOTNET_ROOT");
        env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{DecoyPort}";
        env["FUNCTIONS_CUSTOMHANDLER_PORT"] = port;
        env["FUNCTIONS_HTTPWORKER_PORT"] = port;
        env["FUNCTIONS_CUSTOMHANDLER_WORKER_ID"] = workerId;
        env["FUNCTIONS_HTTPWORKER_ID"] = workerId;
        env["FUNCTIONS_APP_ROOT_PATH"] = AppRoot;
        // App settings, as local.settings.json or the Function App's configuration would give them.
        env["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        env["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        env["REDIS_URL"] = "redis://" + TestServices.Redis;
        env["HYDRA_REDIS_PREFIX"] = TestServices.UniqueName("pkg");
        env["HYDRA_STORE"] = "sqlite://" + Path.Combine(Directory.CreateTempSubdirectory("hydra-package-store-").FullName, "hydra.db");
        env["ADMIN_TOKEN"] = AdminToken;
        env["LOG_LEVEL"] = "Warning";

        var started = Stopwatch.StartNew();
        _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
        StartupTime = started.Elapsed;
    }

    /// <summary>A client that talks like the host: no redirects followed, its headers on every call.</summary>
    public HttpClient NewHostClient()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"Azure-Functions-Host/{HostVersion}");
        client.DefaultRequestHeaders.Add("X-Azure-Functions-HostVersion", HostVersion);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(AppRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The host's readiness loop: any HTTP response counts, socket errors mean "not yet".</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(InitializationTimeout);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The handler exited with {_process.ExitCode} before it was ready.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            try
            {
                using var response = await client.GetAsync(Address, deadline.Token);
                return;
            }
            catch (HttpRequestException) when (!deadline.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The handler did not answer GET / within {InitializationTimeout.TotalSeconds} s.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), deadline.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
