using System.Text.RegularExpressions;

namespace Hydra.Shared.Jobs;

/// <summary>
/// What a worker must have to run an executor, in the words workers use for their capabilities
/// (<c>python3</c>, <c>python3.12</c>, <c>uv</c>, <c>pwsh</c>, <c>zsh</c>), and which executors run on Windows only.
/// Dispatch places a run only on a worker that provides every need, so a job for a missing interpreter waits with
/// a reason instead of failing on the first worker that happens to be free.
/// </summary>
public static partial class ExecutorNeeds
{
    public const string Uv = "uv";
    public const string Pwsh = "pwsh";

    /// <summary>The needs of <paramref name="executor"/>; empty when any worker of the right OS can run it.</summary>
    public static IReadOnlyList<string> Of(ExecutorSpec? executor)
    {
        switch (executor?.Type?.Trim().ToLowerInvariant())
        {
            case JobModes.Python:
                var environment = executor.Environment?.Type?.Trim().ToLowerInvariant();
                if (environment == "uv")
                {
                    return [Uv];
                }

                // A custom interpreter (a path, pypy) is the job's business; only the default one is known by name.
                if (!UsesDefaultInterpreter(executor.Interpreter))
                {
                    return [];
                }

                return [PythonVersion(executor.Environment?.PythonVersion) is { } version ? "python" + version : "python3"];
            case JobModes.Shell:
                var shell = executor.Shell?.Trim().ToLowerInvariant();
                return shell is "pwsh" or "zsh" ? [shell] : [];
            default:
                return [];
        }
    }

    /// <summary>batch and Windows PowerShell exist on Windows alone.</summary>
    public static bool RequiresWindows(ExecutorSpec? executor) =>
        executor?.Type?.Trim().ToLowerInvariant() switch
        {
            JobModes.Batch => true,
            JobModes.Shell => string.Equals(executor.Shell?.Trim(), "powershell", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    /// <summary><c>3.11</c> for <c>3.11</c> or <c>python3.11</c>; null for blank or anything else.</summary>
    public static string? PythonVersion(string? text)
    {
        var match = text is null ? null : VersionPattern().Match(text.Trim());
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    /// <summary>True when the interpreter is unset or the default name, which python_version may then replace.</summary>
    public static bool UsesDefaultInterpreter(string? interpreter) =>
        string.IsNullOrWhiteSpace(interpreter) || interpreter.Trim() is "python3" or "python";

    [GeneratedRegex(@"^(?:python)?(3\.\d{1,2})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VersionPattern();
}
