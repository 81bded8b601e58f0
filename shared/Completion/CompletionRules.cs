using System.Globalization;
using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;

namespace Hydra.Shared.Completion;

/// <summary>
/// Decides whether an attempt succeeded, in the order hydra-jobs documents and with its reason texts, because
/// clients and the UI match on them: a timeout is its own outcome; then the exit code must be in exit_codes
/// (empty means [0]); then every stdout_contains, no stdout_not_contains, every stderr_contains, no
/// stderr_not_contains. Matching is ordinal and case-sensitive over the whole output; empty strings are ignored
/// (every text contains them, so they could only ever fail a not_contains by accident).
/// </summary>
internal static class CompletionRules
{
    public const string Satisfied = "criteria satisfied";

    private static readonly IReadOnlyList<int> DefaultExitCodes = [0];

    public static CompletionVerdict Evaluate(
        CompletionSpec? spec, int? exitCode, string stdout, string stderr, bool timedOut, int timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        if (timedOut)
        {
            return new CompletionVerdict(false, RunStatus.TimedOut,
                string.Create(CultureInfo.InvariantCulture, $"timed out after {timeoutSeconds}s"));
        }

        IReadOnlyList<int> allowed = spec?.ExitCodes is { Count: > 0 } codes ? codes : DefaultExitCodes;
        var list = $"[{string.Join(", ", allowed.Select(c => c.ToString(CultureInfo.InvariantCulture)))}]";
        if (exitCode is not { } code)
        {
            // The process never reported one (it could not start, or was killed without a status).
            return Failed($"no exit code, expected one in {list}");
        }

        if (!allowed.Contains(code))
        {
            return Failed(string.Create(CultureInfo.InvariantCulture, $"exit code {code} not in {list}"));
        }

        var reason = FirstMissing("stdout", stdout, spec?.StdoutContains)
            ?? FirstForbidden("stdout", stdout, spec?.StdoutNotContains)
            ?? FirstMissing("stderr", stderr, spec?.StderrContains)
            ?? FirstForbidden("stderr", stderr, spec?.StderrNotContains);

        return reason is null ? new CompletionVerdict(true, RunStatus.Success, Satisfied) : Failed(reason);
    }

    private static string? FirstMissing(string stream, string output, List<string>? needles) =>
        Needles(needles).FirstOrDefault(n => !output.Contains(n, StringComparison.Ordinal)) is { } missing
            ? $"{stream} missing '{missing}'"
            : null;

    private static string? FirstForbidden(string stream, string output, List<string>? needles) =>
        Needles(needles).FirstOrDefault(n => output.Contains(n, StringComparison.Ordinal)) is { } found
            ? $"{stream} found forbidden '{found}'"
            : null;

    private static IEnumerable<string> Needles(List<string>? needles) =>
        needles?.Where(n => !string.IsNullOrEmpty(n)) ?? [];

    private static CompletionVerdict Failed(string reason) => new(false, RunStatus.Failed, reason);
}
