using System.Globalization;
using Hydra.WorkerHost.Execution;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// Remembers the process group of every attempt this worker runs, one small file per attempt in the worker's state
/// directory (HYDRA_STATE_DIR, by default under the temp directory, keyed by domain and WORKER_ID), and forgets it
/// when the attempt ends. A job runs in its own session and process group, so it outlives a worker killed with
/// SIGKILL; when the same WORKER_ID starts again, <see cref="ReapAsync"/> ends the groups its previous life left
/// (SIGTERM, grace, SIGKILL), because those attempts were failed over and run elsewhere.
/// <para>
/// A pid can be reused once its process is gone, so a group is signalled only while a process in it still carries the
/// attempt's <c>HYDRA_RUN_ID</c> in its environment (read from /proc; Linux only — elsewhere the files are dropped
/// without signalling anything, the safe side).
/// </para>
/// </summary>
internal sealed class ProcessGroupJournal(string directory, TimeProvider time, ILogger<ProcessGroupJournal> log)
{
    private const string Extension = ".pgid";

    public string Directory => directory;

    public void Record(string runId, int attempt, int processGroupId)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            File.WriteAllText(PathOf(runId, attempt), processGroupId.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The run goes on; only the clean-up after a crash of this worker is lost for it.
            log.LogWarning("Cannot record process group {Group} of run {RunId} in {Directory}: {Error}", processGroupId, runId, directory, ex.Message);
        }
    }

    public void Forget(string runId, int attempt)
    {
        try
        {
            File.Delete(PathOf(runId, attempt));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Cannot remove the process-group record of run {RunId}: {Error}", runId, ex.Message);
        }
    }

    /// <summary>Ends the process groups a previous life of this worker left behind; returns how many were still alive.</summary>
    public async Task<int> ReapAsync(TimeSpan grace, CancellationToken ct)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return 0;
        }

        var reaped = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*" + Extension))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var runId = name[..Math.Max(0, name.LastIndexOf('.'))];
            if (OperatingSystem.IsLinux()
                && int.TryParse(File.ReadAllText(file), NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
                && group > 1 && runId.Length > 0
                && await EndGroupAsync(group, runId, grace, ct))
            {
                reaped++;
            }

            File.Delete(file);
        }

        return reaped;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private async Task<bool> EndGroupAsync(int group, string runId, TimeSpan grace, CancellationToken ct)
    {
        if (!ProcFs.GroupHasRun(group, runId))
        {
            return false;
        }

        log.LogWarning("Ending process group {Group} of run {RunId}, left running by this worker's previous life", group, runId);
        ProcessGroupSignals.SignalGroup(group, ProcessGroupSignals.SigTerm);
        var deadline = time.GetUtcNow() + grace;
        while (time.GetUtcNow() < deadline && ProcFs.GroupHasRun(group, runId))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }

        ProcessGroupSignals.SignalGroup(group, ProcessGroupSignals.SigKill);
        return true;
    }

    private string PathOf(string runId, int attempt) =>
        Path.Combine(directory, $"{runId}.{attempt.ToString(CultureInfo.InvariantCulture)}{Extension}");

    /// <summary>The default state directory of a worker: per user temp, then domain, then WORKER_ID (made file-name safe).</summary>
    public static string DefaultDirectory(string domain, string workerId) =>
        Path.Combine(Path.GetTempPath(), "hydra-worker", Safe(domain), Safe(workerId));

    private static string Safe(string name) =>
        string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == '.' ? '_' : c));
}
