using System.Diagnostics;

namespace Hydra.Tests.Shipping;

/// <summary>
/// The worker host publishes as one self-contained file per platform (scripts/package.sh), so a VM needs no .NET
/// installed: copy the file, add the systemd unit or register the Windows service.
/// </summary>
public sealed class WorkerPackageTests
{
    [Theory]
    [InlineData("linux-x64", "Hydra.WorkerHost", new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' })]
    [InlineData("win-x64", "Hydra.WorkerHost.exe", new byte[] { (byte)'M', (byte)'Z' })]
    [InlineData("osx-arm64", "Hydra.WorkerHost", new byte[] { 0xCF, 0xFA, 0xED, 0xFE })] // Mach-O 64-bit, little-endian
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the package is built and checked on Linux
    public void The_worker_publishes_as_a_single_executable_file_for_the_platform(string rid, string fileName, byte[] magic)
    {
        var directory = RepoFiles.RequireArtifact(RepoFiles.WorkerPublishDir(rid));
        var files = Directory.GetFiles(directory).Select(Path.GetFileName).ToList();
        Assert.Equal([fileName], files);

        var path = Path.Combine(directory, fileName);
        using var stream = File.OpenRead(path);
        var head = new byte[magic.Length];
        stream.ReadExactly(head);
        Assert.Equal(magic, head);
        Assert.True(stream.Length > 20 * 1024 * 1024, $"{path} is only {stream.Length} bytes: the runtime is not bundled");
        if (rid != "win-x64")
        {
            Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{path} is not executable");
        }
    }

    [Fact]
    public async Task The_linux_single_file_worker_runs_without_an_installed_runtime_and_refuses_bad_settings()
    {
        var path = Path.Combine(RepoFiles.RequireArtifact(RepoFiles.WorkerPublishDir("linux-x64")), "Hydra.WorkerHost");
        var info = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // No DOTNET_ROOT and a PATH without dotnet: the file must carry its own runtime.
        info.Environment.Remove("DOTNET_ROOT");
        info.Environment["PATH"] = "/usr/bin:/bin";
        info.Environment["MAX_CONCURRENCY"] = "0";
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("MAX_CONCURRENCY must be from 1 to 1024", await stderr, StringComparison.Ordinal);
    }
}
