using System.Globalization;
using System.Text;
using Hydra.Tests.Infrastructure;

namespace Hydra.Tests.Execution;

/// <summary>Reads the Linux process table from /proc, to check what a run left behind.</summary>
internal static class ProcessTable
{
    /// <summary>Live processes whose command line contains <paramref name="marker"/> (zombies have an empty one).</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Matching(string marker)
    {
        var found = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline"))).Replace('\0', ' ').Trim();
                if (commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add((pid, commandLine));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="pid"/> is a live process running <paramref name="commandLine"/>.</summary>
    public static bool IsRunning(int pid, string commandLine)
    {
        try
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ').Trim();
            return text == commandLine;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Polls until no live process mentions <paramref name="marker"/>; a kill lands asynchronously.</summary>
    public static Task AssertNoneLeftAsync(string marker) =>
        Eventually.TrueAsync(() => Task.FromResult(Matching(marker).Count == 0), TimeSpan.FromSeconds(10), $"no process with '{marker}' left");

    /// <summary>Fields 1, 5 and 6 of /proc/PID/stat text: pid, process group, session.</summary>
    public static (int Pid, int Group, int Session) ParseStat(string stat)
    {
        // The command name in parentheses may contain spaces; the fields after its closing parenthesis do not.
        var pid = int.Parse(stat[..stat.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (pid, int.Parse(rest[2], CultureInfo.InvariantCulture), int.Parse(rest[3], CultureInfo.InvariantCulture));
    }

    /// <summary>The pids printed on lines starting with <paramref name="label"/> in a script's output.</summary>
    public static IReadOnlyList<int> PidsAfter(string output, string label) =>
        [.. output.Split('\n')
            .Where(line => line.StartsWith(label + " ", StringComparison.Ordinal))
            .Select(line => int.Parse(line[(label.Length + 1)..], CultureInfo.InvariantCulture))];
}
