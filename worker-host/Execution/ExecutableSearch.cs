namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Whether a program is on this worker's PATH, before anything is started: for the capability probe at start and
/// for clear reasons ("uv is not installed on this worker") instead of a bare "command not found".
/// </summary>
internal static class ExecutableSearch
{
    /// <summary>The full path of <paramref name="program"/> found the way the child would find it, or null.</summary>
    /// <param name="program">A name or a path.</param>
    /// <param name="searchPath">The PATH to search; null uses the worker's own.</param>
    public static string? Find(string program, string? searchPath = null)
    {
        searchPath ??= Environment.GetEnvironmentVariable("PATH");
        if (!OperatingSystem.IsWindows())
        {
            return ProgramLocator.Find(program, searchPath, Environment.CurrentDirectory, out _);
        }

        if (Path.IsPathRooted(program) || program.Contains('\\', StringComparison.Ordinal) || program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        var extensions = Path.HasExtension(program) ? [""] : new[] { ".exe", ".cmd", ".bat", "" };
        foreach (var directory in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory, program + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
