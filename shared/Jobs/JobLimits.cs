namespace Hydra.Shared.Jobs;

/// <summary>
/// The bounds a job document must stay within. They keep one job from bloating Redis payloads, SQL rows and
/// worker memory, and keep dispatch (which compares lists per worker) cheap.
/// </summary>
internal static class JobLimits
{
    public const int MaxNameLength = 200;
    public const int MaxListEntries = 100;
    public const int MaxEntryLength = 200;
    public const int MaxScriptBytes = 256 * 1024;
    public const int MaxArgs = 1000;
    public const int MaxEnvEntries = 500;
    public const int MaxRetries = 100;
    public const int MaxTimeoutSeconds = 7 * 24 * 3600;
    /// <summary>Windows reports some exit codes as negative 32-bit values; POSIX ones are 0..255.</summary>
    public const int MinExitCode = -255;
    public const int MaxExitCode = 255;
    public const int MaxCompletionEntries = 100;
    public const int MaxCompletionTextLength = 4096;

    public static readonly IReadOnlyList<string> PythonEnvironments = ["system", "venv", "uv"];
}
