using System.Runtime.Versioning;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Starts the child as the leader of a new session and process group (Unix), so that stopping a job can signal
/// the whole group and catch every process the job started, including grandchildren whose parent exited. .NET's
/// Process cannot call setsid/setpgid between fork and exec, so a tiny launcher does it and then execs the real
/// program in place:
/// <list type="bullet">
/// <item>Linux: <c>setsid</c> (util-linux, or busybox). When its caller is not a group leader (a freshly forked
/// child of the worker never is), it calls setsid() and execs directly, without forking: the pid .NET reports is
/// the program's pid, and that pid is also its process group id and session id. Only if it were a group leader
/// would it fork first (and the pid would be wrong), which cannot happen here; a test checks pgid == pid.</item>
/// <item>macOS has no setsid command; perl (shipped with macOS) calls POSIX::setsid() and execs the same way.</item>
/// </list>
/// A new session, not just a group, also detaches the job from any controlling terminal the worker has, so a
/// terminal's Ctrl+C or hang-up reaches the worker alone, which then stops its jobs on purpose.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ProcessGroupLauncher
{
    private const string PerlScript =
        "use POSIX (); defined POSIX::setsid() or die qq{hydra: setsid failed: $!\\n}; " +
        "exec { $ARGV[0] } @ARGV or die qq{hydra: cannot run $ARGV[0]: $!\\n};";

    private readonly string tool;
    private readonly string toolDescription;
    private readonly IReadOnlyList<string> toolArguments;
    private readonly Lazy<string?> toolPath;

    private ProcessGroupLauncher(string tool, string toolDescription, IReadOnlyList<string> toolArguments)
    {
        this.tool = tool;
        this.toolDescription = toolDescription;
        this.toolArguments = toolArguments;

        // Looked up once in the worker's own PATH (not the job's, which a job could point anywhere).
        toolPath = new Lazy<string?>(() =>
            ProgramLocator.Find(tool, Environment.GetEnvironmentVariable("PATH"), Environment.CurrentDirectory, out _));
    }

    /// <summary>util-linux or busybox <c>setsid PROGRAM ARGS…</c>.</summary>
    public static ProcessGroupLauncher Setsid { get; } = new("setsid", "setsid (util-linux)", []);

    /// <summary><c>perl -e 'POSIX::setsid(); exec …' -- PROGRAM ARGS…</c>.</summary>
    public static ProcessGroupLauncher Perl { get; } = new("perl", "perl", ["-e", PerlScript, "--"]);

    public static ProcessGroupLauncher For(WorkerOs os) => os == WorkerOs.MacOS ? Perl : Setsid;

    /// <summary>
    /// The program and arguments that start <paramref name="program"/> (a full path, so it never looks like an
    /// option of the launcher) as a group leader; false with a reason when the launcher is missing.
    /// </summary>
    public bool TryWrap(
        string program,
        IReadOnlyList<string> arguments,
        out string fileName,
        out IReadOnlyList<string> wrappedArguments,
        out string? problem)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (toolPath.Value is not { } path)
        {
            fileName = tool;
            wrappedArguments = [];
            problem = $"{toolDescription} is not installed on this worker; it is needed to stop a job's whole process tree";
            return false;
        }

        fileName = path;
        wrappedArguments = [.. toolArguments, program, .. arguments];
        problem = null;
        return true;
    }
}
