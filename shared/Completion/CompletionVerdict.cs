namespace Hydra.Shared.Completion;

/// <summary>
/// How an attempt ended by the job's completion rules. <see cref="Status"/> is a <see cref="Runs.RunStatus"/>
/// word (success, failed, timed_out); <see cref="Reason"/> is the run's <c>completion_reason</c>.
/// </summary>
internal sealed record CompletionVerdict(bool Success, string Status, string Reason);
