namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// A python environment ready for one attempt: the interpreter to run the script with and, for a temporary
/// virtual environment, the directory to remove. Disposed in a <c>finally</c>, so the directory goes away after
/// success, failure, timeout and cancel alike (the script's process tree has ended by then). Only a worker that
/// dies outright leaves one behind, under the temporary directory, named <c>hydra-venv-…</c>.
/// </summary>
internal sealed class PreparedEnvironment(string python, string? temporaryDirectory, ILogger logger) : IAsyncDisposable
{
    /// <summary>The interpreter inside the environment.</summary>
    public string Python { get; } = python;

    /// <summary>Created for this attempt and removed on dispose; null for an existing <c>venv_path</c>.</summary>
    public string? TemporaryDirectory { get; } = temporaryDirectory;

    /// <summary>The interpreter of the virtual environment at <paramref name="root"/>, by the OS's layout.</summary>
    public static string VenvPython(string root) =>
        OperatingSystem.IsWindows() ? Path.Combine(root, "Scripts", "python.exe") : Path.Combine(root, "bin", "python");

    public ValueTask DisposeAsync()
    {
        if (TemporaryDirectory is { } directory && Directory.Exists(directory))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not remove the temporary virtual environment {Directory}", directory);
            }
        }

        return ValueTask.CompletedTask;
    }
}
