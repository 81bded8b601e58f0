using Hydra.Shared.Completion;
using Hydra.Shared.Runs;
using Hydra.WorkerHost.Execution;

namespace Hydra.WorkerHost.Attempts;

/// <summary>How an attempt ended, judged: status, reason, and what it printed (setup output excluded).</summary>
internal sealed record AttemptResult(
    string Status,
    int? ReturnCode,
    string Stdout,
    string Stderr,
    string Reason,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt)
{
    /// <summary>Nothing ran, or a step before the script failed; <paramref name="reason"/> says what.</summary>
    public static AttemptResult Failed(string reason, DateTimeOffset at, string stderr = "") =>
        new(RunStatus.Failed, null, "", stderr, reason, at, at);

    /// <summary>The attempt's deadline passed before or during a step that is not the script.</summary>
    public static AttemptResult TimedOut(DispatchPayload payload, DateTimeOffset startedAt, DateTimeOffset endedAt, string stderr = "") =>
        new(RunStatus.TimedOut, null, "", stderr, CompletionRules.Evaluate(null, null, "", "", true, payload.TimeoutSeconds).Reason, startedAt, endedAt);

    public static AttemptResult Cancelled(DateTimeOffset startedAt, DateTimeOffset endedAt, string stderr = "") =>
        new(RunStatus.Cancelled, null, "", stderr, "cancelled", startedAt, endedAt);

    /// <summary>The script's process result, judged by the job's completion rules.</summary>
    public static AttemptResult Judge(DispatchPayload payload, ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(result);
        if (result.StartError is not null)
        {
            return new(RunStatus.Failed, null, result.Stdout, result.Stderr, result.StartError, result.StartedAt, result.EndedAt);
        }

        if (result.Cancelled)
        {
            return new(RunStatus.Cancelled, result.ExitCode, result.Stdout, result.Stderr, "cancelled", result.StartedAt, result.EndedAt);
        }

        var verdict = CompletionRules.Evaluate(payload.Completion, result.ExitCode, result.Stdout, result.Stderr, result.TimedOut, payload.TimeoutSeconds);
        return new(verdict.Status, result.ExitCode, result.Stdout, result.Stderr, verdict.Reason, result.StartedAt, result.EndedAt);
    }
}
