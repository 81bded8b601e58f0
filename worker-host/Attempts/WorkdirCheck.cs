using Hydra.Shared.Jobs;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// The job's <c>workdir</c> before anything starts: used as it is, created only when the job says
/// <c>create_workdir: true</c>. A missing directory usually means a wrong path or an unmounted volume, and running
/// the job somewhere else, or in a fresh empty directory, would hide that.
/// </summary>
internal static class WorkdirCheck
{
    /// <summary>Null when the workdir is usable (or unset); otherwise why not, for the attempt's reason.</summary>
    public static string? Prepare(ExecutorSpec executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (string.IsNullOrWhiteSpace(executor.Workdir))
        {
            return null;
        }

        var path = Path.GetFullPath(executor.Workdir);
        if (Directory.Exists(path))
        {
            return null;
        }

        if (File.Exists(path))
        {
            return $"workdir '{executor.Workdir}' is not a directory";
        }

        if (executor.CreateWorkdir != true)
        {
            return $"workdir '{executor.Workdir}' does not exist on this worker (set create_workdir: true to have it created)";
        }

        try
        {
            Directory.CreateDirectory(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"workdir '{executor.Workdir}' could not be created: {ex.Message}";
        }
    }
}
