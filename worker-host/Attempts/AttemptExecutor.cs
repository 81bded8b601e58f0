using System.Globalization;
using Hydra.Shared.Completion;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;
using Hydra.WorkerHost.Execution;
using Hydra.WorkerHost.Hosting;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// Runs one claimed attempt: builds the command for its executor, runs it with the job's timeout while its output
/// streams to the live log, and judges the result by the job's completion rules. Never throws for a bad job: a
/// command that cannot be built or started is a failed attempt with a reason.
/// </summary>
internal sealed class AttemptExecutor(
    WorkerOptions options,
    CommandBuilder commands,
    ProcessRunner runner,
    LiveLog liveLog,
    TimeProvider time,
    ILogger<AttemptExecutor> log)
{
    public Task<AttemptOutcome> RunAsync(DispatchPayload payload, int slot, CancellationToken ct) =>
        RunAsync(payload, slot, onStarted: null, ct);

    /// <param name="payload">The claimed attempt.</param>
    /// <param name="slot">The worker slot it occupies.</param>
    /// <param name="onStarted">Called with the process (and, on Unix, process group) id right after the start.</param>
    /// <param name="ct">Stops the process tree; the outcome is then <c>cancelled</c>.</param>
    public async Task<AttemptOutcome> RunAsync(DispatchPayload payload, int slot, Action<int>? onStarted, CancellationToken ct)
    {
        var startedAt = time.GetUtcNow();
        ProcessCommand command;
        try
        {
            command = commands.Build(payload.Executor, RunVariables(payload));
        }
        catch (InvalidExecutorException ex)
        {
            return Outcome(payload, slot, RunStatus.Failed, null, "", "", ex.Message, startedAt, time.GetUtcNow());
        }

        var limits = new RunLimits
        {
            Timeout = payload.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(payload.TimeoutSeconds) : null,
            MaxOutputBytesPerStream = options.MaxOutputBytesPerStream,
        };

        ProcessResult result;
        await using (var sink = new LiveLogWriter(liveLog, payload.Domain, payload.RunId, time, log))
        {
            result = await runner.RunAsync(command, limits, sink, onStarted, ct);
        }

        if (result.StartError is not null)
        {
            return Outcome(payload, slot, RunStatus.Failed, null, result.Stdout, result.Stderr, result.StartError, result.StartedAt, result.EndedAt);
        }

        if (result.Cancelled)
        {
            return Outcome(payload, slot, RunStatus.Cancelled, result.ExitCode, result.Stdout, result.Stderr, "cancelled", result.StartedAt, result.EndedAt);
        }

        var verdict = CompletionRules.Evaluate(payload.Completion, result.ExitCode, result.Stdout, result.Stderr, result.TimedOut, payload.TimeoutSeconds);
        return Outcome(payload, slot, verdict.Status, result.ExitCode, result.Stdout, result.Stderr, verdict.Reason, result.StartedAt, result.EndedAt);
    }

    private static Dictionary<string, string> RunVariables(DispatchPayload payload)
    {
        var variables = new Dictionary<string, string>
        {
            ["HYDRA_RUN_ID"] = payload.RunId,
            ["HYDRA_JOB_ID"] = payload.JobId,
            ["HYDRA_ATTEMPT"] = payload.Attempt.ToString(CultureInfo.InvariantCulture),
            ["HYDRA_DOMAIN"] = payload.Domain,
        };
        if (payload.ScheduledAt is { } scheduled)
        {
            variables["HYDRA_SCHEDULED_AT"] = scheduled.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        }

        return variables;
    }

    private AttemptOutcome Outcome(
        DispatchPayload payload, int slot, string status, int? returnCode, string stdout, string stderr, string reason,
        DateTimeOffset startedAt, DateTimeOffset endedAt) => new()
    {
        RunId = payload.RunId,
        Domain = payload.Domain,
        Attempt = payload.Attempt,
        LeaseToken = payload.LeaseToken ?? "",
        WorkerId = options.WorkerId,
        Slot = slot,
        Status = status,
        ReturnCode = returnCode,
        Stdout = stdout,
        Stderr = stderr,
        CompletionReason = reason,
        StartedAt = startedAt,
        EndedAt = endedAt,
    };
}
