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
    public async Task<AttemptOutcome> RunAsync(DispatchPayload payload, int slot, CancellationToken ct)
    {
        var startedAt = time.GetUtcNow();
        if (payload.DispatchError is { } dispatchError)
        {
            // The function app could not prepare the run (a secret is gone): fail it with the reason, start nothing.
            return Outcome(payload, slot, RunStatus.Failed, null, "", "", dispatchError, startedAt, time.GetUtcNow());
        }

        var mask = SecretMask.For(payload);
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
            var masking = new MaskingSink(sink, mask);
            result = await runner.RunAsync(command, limits, masking, ct);
            await masking.FlushAsync(ct);
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

    /// <summary>
    /// Completion rules judged the real output; what leaves the worker is masked: secrets become <c>***</c> in the
    /// outcome before Redis, the store, events or the API can see them.
    /// </summary>
    private AttemptOutcome Outcome(
        DispatchPayload payload, int slot, string status, int? returnCode, string stdout, string stderr, string reason,
        DateTimeOffset startedAt, DateTimeOffset endedAt)
    {
        var mask = SecretMask.For(payload);
        return new AttemptOutcome
        {
            RunId = payload.RunId,
            Domain = payload.Domain,
            Attempt = payload.Attempt,
            LeaseToken = payload.LeaseToken ?? "",
            WorkerId = options.WorkerId,
            Slot = slot,
            Status = status,
            ReturnCode = returnCode,
            Stdout = mask.Apply(stdout),
            Stderr = mask.Apply(stderr),
            CompletionReason = mask.Apply(reason),
            StartedAt = startedAt,
            EndedAt = endedAt,
        };
    }
}
