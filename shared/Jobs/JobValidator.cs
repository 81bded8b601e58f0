using System.Globalization;

namespace Hydra.Shared.Jobs;

/// <summary>
/// Every rule a job document breaks, each with its snake_case field path, so a client fixes them all in one
/// round. Expects <see cref="JobDefaults.Apply"/> to have run (so it sees one spelling of each word) but never
/// fails on a null. Type errors are the reader's; this checks values.
/// </summary>
internal static class JobValidator
{
    public static IReadOnlyList<FieldError> Validate(JobDocument job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var errors = new FieldErrorList();

        if (string.IsNullOrWhiteSpace(job.Name))
        {
            errors.Add("name", "is required");
        }

        errors.MaxLength("name", job.Name, JobLimits.MaxNameLength);
        errors.MaxLength("user", job.User, JobLimits.MaxEntryLength);
        errors.Range("retries", job.Retries, 0, JobLimits.MaxRetries);
        errors.Range("timeout", job.Timeout, 0, JobLimits.MaxTimeoutSeconds, " seconds (0 means no timeout)");
        errors.Range("priority", job.Priority, JobModes.MinPriority, JobModes.MaxPriority);

        if (job.Executor is null)
        {
            errors.Add("executor", $"is required: an object whose type is one of {string.Join(", ", JobModes.ExecutorTypes)}");
        }
        else
        {
            ExecutorRules.Check(job.Executor, errors);
            ExecutorRules.CheckPlacement(job.Executor, job.Affinity, errors);
        }

        if (job.Affinity is { } affinity)
        {
            errors.Entries("affinity.os", affinity.Os, JobLimits.MaxListEntries, JobLimits.MaxEntryLength);
            errors.Entries("affinity.tags", affinity.Tags, JobLimits.MaxListEntries, JobLimits.MaxEntryLength);
            errors.Entries("affinity.allowed_users", affinity.AllowedUsers, JobLimits.MaxListEntries, JobLimits.MaxEntryLength);
            errors.Entries("affinity.hostnames", affinity.Hostnames, JobLimits.MaxListEntries, JobLimits.MaxEntryLength);
        }

        if (job.Schedule is { } schedule)
        {
            ScheduleRules.Check(schedule, errors);
        }

        if (job.Completion is { } completion)
        {
            CheckCompletion(completion, errors);
        }

        if (job.RetryBackoff is { } backoff)
        {
            CheckBackoff(backoff, errors);
        }

        return errors.Errors;
    }

    private static void CheckCompletion(CompletionSpec completion, FieldErrorList errors)
    {
        if (completion.ExitCodes is { } codes)
        {
            if (codes.Count > JobLimits.MaxCompletionEntries)
            {
                errors.Add("completion.exit_codes", $"must have at most {JobLimits.MaxCompletionEntries} entries; got {codes.Count}");
            }

            for (var i = 0; i < codes.Count; i++)
            {
                errors.Range(string.Create(CultureInfo.InvariantCulture, $"completion.exit_codes[{i}]"), codes[i], JobLimits.MinExitCode, JobLimits.MaxExitCode);
            }
        }

        errors.Entries("completion.stdout_contains", completion.StdoutContains, JobLimits.MaxCompletionEntries, JobLimits.MaxCompletionTextLength);
        errors.Entries("completion.stdout_not_contains", completion.StdoutNotContains, JobLimits.MaxCompletionEntries, JobLimits.MaxCompletionTextLength);
        errors.Entries("completion.stderr_contains", completion.StderrContains, JobLimits.MaxCompletionEntries, JobLimits.MaxCompletionTextLength);
        errors.Entries("completion.stderr_not_contains", completion.StderrNotContains, JobLimits.MaxCompletionEntries, JobLimits.MaxCompletionTextLength);
    }

    private static void CheckBackoff(RetryBackoffSpec backoff, FieldErrorList errors)
    {
        if (backoff.InitialSeconds is <= 0)
        {
            errors.Add("retry_backoff.initial_seconds", "must be a positive number of seconds");
        }

        if (backoff.MaxSeconds is <= 0)
        {
            errors.Add("retry_backoff.max_seconds", "must be a positive number of seconds");
        }
        else if (backoff is { MaxSeconds: { } max, InitialSeconds: { } initial and > 0 } && max < initial)
        {
            errors.Add("retry_backoff.max_seconds", "must be at least initial_seconds");
        }

        if (backoff.Factor is < 1)
        {
            errors.Add("retry_backoff.factor", "must be at least 1 (1 keeps the delay constant)");
        }
    }
}
