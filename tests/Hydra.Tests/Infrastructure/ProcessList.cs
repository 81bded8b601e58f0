namespace Hydra.Tests.Infrastructure;

/// <summary>Looks through /proc for live processes, to prove a kill reached every process of a tree.</summary>
public static class ProcessList
{
    public static bool AnyWithArgument(string argument) => WithArgument(argument).Count > 0;

    /// <summary>Live (not zombie) processes with exactly this argument, e.g. a test's unique sleep duration.</summary>
    public static IReadOnlyList<int> WithArgument(string argument)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (args.Contains(argument) && !IsZombie(dir))
                {
                    found.Add(int.Parse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>SIGKILL to each process with exactly this argument (a test's unique marker): cleanup after a failed test.</summary>
    public static int KillWithArgument(string argument)
    {
        var killed = 0;
        foreach (var pid in WithArgument(argument))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
                killed++;
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }

        return killed;
    }

    private static bool IsZombie(string dir)
    {
        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
        var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        return state == "Z";
    }
}
