using System.Runtime.Versioning;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// Reads Linux's /proc to tell whether a process group still holds a process of a given run: a member of the group
/// (stat's pgrp field) whose environment carries <c>HYDRA_RUN_ID=&lt;run id&gt;</c>, as every process of an attempt
/// inherits it. That check is what makes signalling a recorded group id safe after the pid space may have wrapped.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ProcFs
{
    public static bool GroupHasRun(int group, string runId)
    {
        var marker = "HYDRA_RUN_ID=" + runId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                if (GroupOf(File.ReadAllText(Path.Combine(dir, "stat"))) == group
                    && File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains(marker))
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's process: not ours to signal.
            }
        }

        return false;
    }

    /// <summary>pgrp from /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may contain spaces and ')'.</summary>
    private static int GroupOf(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 2 && fields[0] != "Z" && int.TryParse(fields[2], out var group) ? group : -1;
    }
}
