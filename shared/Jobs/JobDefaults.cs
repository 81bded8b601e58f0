namespace Hydra.Shared.Jobs;

/// <summary>
/// Fills what a client may leave out, the way hydra-jobs did, so the stored and returned job says what will
/// actually run. Also normalises what compares case-insensitively or by trimmed text anyway (words, os names,
/// list entries), so the validator and the dispatcher see one spelling. Idempotent; mutates and returns the
/// document. Runs before <see cref="JobValidator"/>, which still copes with anything left null.
/// </summary>
internal static class JobDefaults
{
    public const string DefaultTimezone = "UTC";
    public const string DefaultShell = "bash";
    public const string DefaultBatchShell = "cmd";
    public const string DefaultInterpreter = "python3";
    public const string DefaultPythonEnvironment = "system";

    public static JobDocument Apply(JobDocument job)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Name = job.Name?.Trim();
        job.User = NullIfBlank(job.User);
        job.Priority ??= JobModes.DefaultPriority;
        job.Retries ??= 0;
        job.Timeout ??= 0;
        job.Affinity = Apply(job.Affinity ?? new AffinitySpec());
        job.Schedule = Apply(job.Schedule ?? new ScheduleSpec());
        job.Completion = Apply(job.Completion ?? new CompletionSpec());
        if (job.Executor is not null)
        {
            Apply(job.Executor);
        }

        return job;
    }

    private static AffinitySpec Apply(AffinitySpec affinity)
    {
        affinity.Os = Entries(affinity.Os, lowerCase: true);
        affinity.Tags = Entries(affinity.Tags, lowerCase: false);
        affinity.AllowedUsers = Entries(affinity.AllowedUsers, lowerCase: false);
        affinity.Hostnames = Entries(affinity.Hostnames, lowerCase: false);
        return affinity;
    }

    private static ScheduleSpec Apply(ScheduleSpec schedule)
    {
        schedule.Mode = Word(schedule.Mode) ?? JobModes.Immediate;
        schedule.Enabled ??= true;
        schedule.Timezone = NullIfBlank(schedule.Timezone) ?? DefaultTimezone;
        schedule.Cron = NullIfBlank(schedule.Cron);
        schedule.Misfire = Word(schedule.Misfire) ?? SchedulePolicies.Coalesce;
        schedule.Overlap = Word(schedule.Overlap) ?? SchedulePolicies.Allow;
        return schedule;
    }

    private static CompletionSpec Apply(CompletionSpec completion)
    {
        // An empty list would make every exit code a failure; hydra-jobs read it as [0], and so do we.
        completion.ExitCodes = completion.ExitCodes is { Count: > 0 } codes ? codes : [0];
        completion.StdoutContains ??= [];
        completion.StdoutNotContains ??= [];
        completion.StderrContains ??= [];
        completion.StderrNotContains ??= [];
        return completion;
    }

    private static void Apply(ExecutorSpec executor)
    {
        executor.Type = Word(executor.Type);
        executor.Shell = Word(executor.Shell);
        switch (executor.Type)
        {
            case JobModes.Shell:
                executor.Shell ??= DefaultShell;
                break;
            case JobModes.Batch:
                executor.Shell ??= DefaultBatchShell;
                break;
            case JobModes.Python:
                executor.Interpreter = NullIfBlank(executor.Interpreter) ?? DefaultInterpreter;
                // hydra-jobs clients send the code as "script"; the worker reads "code".
                if (string.IsNullOrEmpty(executor.Code) && !string.IsNullOrEmpty(executor.Script))
                {
                    executor.Code = executor.Script;
                }

                if (executor.Environment is { } environment)
                {
                    environment.Type = Word(environment.Type) ?? DefaultPythonEnvironment;
                }

                break;
            default:
                break;
        }
    }

    // Entries compare trimmed everywhere they are used; a blank entry would demand a blank tag or os of workers.
    private static List<string> Entries(List<string>? values, bool lowerCase)
    {
        if (values is null)
        {
            return [];
        }

        var result = new List<string>(values.Count);
        foreach (var value in values)
        {
            // A null entry stays for the validator to report; silently dropping it would hide a client bug.
            if (value is null)
            {
                result.Add(value!);
                continue;
            }

            var trimmed = value.Trim();
            if (trimmed.Length > 0)
            {
                result.Add(lowerCase ? trimmed.ToLowerInvariant() : trimmed);
            }
        }

        return result;
    }

    private static string? Word(string? value) => NullIfBlank(value)?.ToLowerInvariant();

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
