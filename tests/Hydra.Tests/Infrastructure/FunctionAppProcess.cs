using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Hydra.Tests.Infrastructure;

/// <summary>
/// The function app on its lean host as a real process (the built Hydra.Functions.dll), so a test can kill it with
/// SIGKILL and start it again on the same store, Redis prefix and port. Its output is kept for diagnostics.
/// </summary>
public sealed class FunctionAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FunctionAppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the app and waits until /api/health answers.</summary>
    public static async Task<FunctionAppProcess> StartAsync(
        string storeUrl, string redisPrefix, int port, IDictionary<string, string>? settings = null, string? redis = null)
    {
        var info = new ProcessStartInfo("dotnet", [BuiltDll.Path("functions", "Hydra.Functions.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["HYDRA_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["HYDRA_STORE"] = storeUrl;
        info.Environment["REDIS_URL"] = "redis://" + (redis ?? TestServices.Redis);
        info.Environment["HYDRA_REDIS_PREFIX"] = redisPrefix;
        info.Environment["ADMIN_TOKEN"] = HydraTestApp.AdminToken;
        info.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = "";
        info.Environment["LOG_LEVEL"] = "Warning";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // The bootstrap domain's token is written here on the first start (same store: same file, same token after a
        // restart), so workers started for this app's Redis prefix can present it.
        var tokenFile = Path.Combine(Path.GetTempPath(), $"hydra-{redisPrefix}-domain-token");
        info.Environment["HYDRA_BOOTSTRAP_TOKEN_FILE"] = tokenFile;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the function app");
        var app = new FunctionAppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = app.NewClient();
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the function app exited with {process.ExitCode}:\n{app.Output}");
            }

            try
            {
                using var response = await probe.GetAsync("/api/health");
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the function app to answer /api/health");
        if (File.Exists(tokenFile))
        {
            var domain = info.Environment.TryGetValue("HYDRA_BOOTSTRAP_DOMAIN", out var named) && !string.IsNullOrEmpty(named) ? named : "prod";
            HydraTestApp.RememberCredentials(redisPrefix, domain, (await File.ReadAllTextAsync(tokenFile)).Trim());
        }

        return app;
    }

    /// <summary>A client with the admin token.</summary>
    public HttpClient NewClient()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-api-key", HydraTestApp.AdminToken);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>SIGKILL: the app dies mid-request, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

/// <summary>Where the other projects' build output sits beside the test assembly's.</summary>
internal static class BuiltDll
{
    public static string Path(string project, string dll)
    {
        // tests/Hydra.Tests/bin/<Configuration>/net10.0/ → <project>/bin/<Configuration>/net10.0/<dll>
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var root = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = System.IO.Path.Combine(root, project, "bin", testBin.Parent!.Name, testBin.Name, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first", path);
    }
}
