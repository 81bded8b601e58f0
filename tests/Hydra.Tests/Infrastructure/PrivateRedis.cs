using System.Diagnostics;
using System.Globalization;

namespace Hydra.Tests.Infrastructure;

/// <summary>
/// A redis-server of the test's own, on a free port with AOF (appendonly, fsync everysec) in a temp directory, for
/// tests that restart Redis: the shared test Redis must never be restarted under other tests.
/// </summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hydra-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FunctionAppProcess.FreePort();

    /// <summary>host:port, as TestServices.Redis gives it.</summary>
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<PrivateRedis> StartAsync()
    {
        var redis = new PrivateRedis();
        await redis.StartServerAsync();
        return redis;
    }

    /// <summary>Starts the server (again) on the same port and directory, so it replays its AOF.</summary>
    public async Task StartServerAsync()
    {
        var info = new ProcessStartInfo("redis-server",
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory,
             "--save", "", "--appendonly", "yes", "--appendfsync", "everysec"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start redis-server");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.TrueAsync(() => Task.FromResult(Answers()), TimeSpan.FromSeconds(20), $"redis-server on {Port} to answer");
    }

    /// <summary>SHUTDOWN (the AOF is flushed) and wait for the process to end.</summary>
    public async Task StopServerAsync()
    {
        using (var cli = Process.Start(new ProcessStartInfo("redis-cli", ["-p", Port.ToString(CultureInfo.InvariantCulture), "shutdown"])
               { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            await cli.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process!.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private bool Answers()
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect("127.0.0.1", Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return read > 0 && System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            // Still loading the AOF: it answers LOADING, or closes.
            return false;
        }
    }
}
