namespace Hydra.Tests.Infrastructure;

/// <summary>Looks through /proc for live processes, to prove a kill reached every process of a tree.</summary>
public static class ProcessList
{
    public static bool AnyWithArgument(string argument)
    {
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
                    return true;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return false;
    }

    private static bool IsZombie(string dir)
    {
        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
        var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        return state == "Z";
    }
}
