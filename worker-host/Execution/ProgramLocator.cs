using System.Runtime.Versioning;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Finds the program a command names the way execvp(3) will in the child: a name with a slash is a path (relative
/// to the child's working directory), any other name is looked up in the child's PATH. The runner checks this
/// before starting, because the child is started through a group launcher (setsid): without the check a missing
/// program would surface as the launcher's exit code 127, not as a start error a person can read.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class ProgramLocator
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The full path of <paramref name="program"/>, or null with a reason in <paramref name="problem"/>.</summary>
    /// <param name="program">What the command names.</param>
    /// <param name="searchPath">The PATH the child will have; null or empty searches nothing.</param>
    /// <param name="workingDirectory">The child's working directory, full path.</param>
    /// <param name="problem">Why nothing was found, for a person.</param>
    public static string? Find(string program, string? searchPath, string workingDirectory, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(program))
        {
            problem = "command is empty";
            return null;
        }

        if (program.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(program, workingDirectory);
            if (Directory.Exists(path))
            {
                problem = $"command '{program}' is a directory";
                return null;
            }

            if (!File.Exists(path))
            {
                problem = $"command '{program}' not found";
                return null;
            }

            if (!IsExecutable(path))
            {
                problem = $"command '{program}' is not executable";
                return null;
            }

            return path;
        }

        string? notExecutable = null;
        foreach (var directory in (searchPath ?? "").Split(':'))
        {
            // POSIX: an empty PATH entry means the current directory, which for the child is its working directory.
            var candidate = Path.GetFullPath(Path.Combine(directory.Length == 0 ? "." : directory, program), workingDirectory);
            if (!File.Exists(candidate))
            {
                continue;
            }

            if (IsExecutable(candidate))
            {
                return candidate;
            }

            notExecutable ??= candidate;
        }

        problem = notExecutable is null
            ? $"command '{program}' not found"
            : $"command '{program}' not found (only '{notExecutable}', which is not executable)";
        return null;
    }

    private static bool IsExecutable(string path) => (File.GetUnixFileMode(path) & AnyExecute) != 0;
}
