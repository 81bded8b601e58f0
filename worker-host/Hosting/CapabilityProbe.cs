using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Hydra.WorkerHost.Execution;

namespace Hydra.WorkerHost.Hosting;

/// <summary>
/// Finds what this worker can run, at start: every <c>python3</c> / <c>python3.X</c> on PATH that actually runs
/// (each is started once and asked its version, because a pyenv shim or a dangling link exists on PATH without
/// working), <c>uv</c> with its version, <c>pwsh</c> and <c>powershell</c>, the POSIX shells, OS and architecture.
/// A name is in <see cref="WorkerCapabilities.Provides"/> only when a job naming it would start here.
/// </summary>
internal static partial class CapabilityProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);
    private static readonly string[] PosixShells = ["bash", "sh", "zsh"];

    public static async Task<WorkerCapabilities> ProbeAsync(ILogger logger, CancellationToken ct)
    {
        var names = PythonNames();
        var versions = await Task.WhenAll(names.Select(async n => (Name: n, Version: await PythonVersionAsync(n, logger, ct))));
        var python = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, version) in versions)
        {
            // python3.11 must be a 3.11; python3 / python (Windows) any 3.x.
            if (version is not null && version.StartsWith(ExpectedPrefix(name), StringComparison.Ordinal))
            {
                python[name] = version;
            }
        }

        var uvPath = ExecutableSearch.Find("uv");
        var uv = uvPath is null ? null : await OutputAsync(uvPath, ["--version"], logger, ct);
        var pwsh = ExecutableSearch.Find("pwsh");
        var shells = PosixShells.Where(s => !OperatingSystem.IsWindows() && ExecutableSearch.Find(s) is not null).ToList();
        if (OperatingSystem.IsWindows())
        {
            shells.Add("cmd");
            if (ExecutableSearch.Find("powershell") is not null)
            {
                shells.Add("powershell");
            }
        }

        var provides = new List<string>(shells);
        foreach (var name in python.Keys)
        {
            // On Windows the interpreter is python.exe; jobs still say python3.
            provides.Add(name == "python" ? "python3" : name);
        }

        if (uv is not null)
        {
            provides.Add("uv");
        }

        if (pwsh is not null)
        {
            provides.Add("pwsh");
        }

        return new WorkerCapabilities
        {
            Os = WorkerDescription.OsName(),
            Arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            Python = python,
            Uv = uv,
            Pwsh = pwsh,
            Shells = shells,
            Provides = [.. provides.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>Distinct interpreter names on PATH: python3 and python3.X (python on Windows).</summary>
    private static List<string> PythonNames()
    {
        if (OperatingSystem.IsWindows())
        {
            return ExecutableSearch.Find("python") is null ? [] : ["python"];
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                foreach (var file in Directory.EnumerateFiles(directory, "python3*"))
                {
                    if (PythonName().IsMatch(Path.GetFileName(file)))
                    {
                        names.Add(Path.GetFileName(file));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // An unreadable or missing PATH entry hides nothing a child could run either.
            }
        }

        return [.. names];
    }

    private static string ExpectedPrefix(string name) => name is "python" or "python3" ? "3." : name["python".Length..] + ".";

    private static async Task<string?> PythonVersionAsync(string name, ILogger logger, CancellationToken ct)
    {
        var path = ExecutableSearch.Find(name);
        return path is null ? null : await OutputAsync(path, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], logger, ct);
    }

    /// <summary>The first line the program prints, or null when it does not start, fails, or takes too long.</summary>
    private static async Task<string?> OutputAsync(string program, IReadOnlyList<string> arguments, ILogger logger, CancellationToken ct)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = new Process { StartInfo = info };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            process.Start();
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var text = await output;
            await errors;
            return process.ExitCode == 0 ? text.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Length > 0) : null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or OperationCanceledException or IOException)
        {
            ct.ThrowIfCancellationRequested();
            logger.LogDebug("Probing {Program} failed: {Error}", program, ex.Message);
            TryKill(process);
            return null;
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It never started or has already gone.
        }
    }

    [GeneratedRegex(@"^python3(\.\d{1,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex PythonName();
}
