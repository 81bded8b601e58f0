using System.Globalization;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;
using Hydra.WorkerHost.Hosting;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// Runs one claimed attempt: picks the runner for its executor (<see cref="IAttemptRunner"/>, asked in order),
/// gives it the live log and one deadline for the whole attempt, and turns its result into the outcome to report.
/// Never throws for a bad job: a command that cannot be built or started, or an environment that cannot be set up,
/// is a failed attempt with a reason.
/// </summary>
internal sealed class AttemptExecutor(
    WorkerOptions options,
    IEnumerable<IAttemptRunner> runners,
    LiveLog liveLog,
    TimeProvider time,
    ILogger<AttemptExecutor> log)
{
    private readonly IReadOnlyList<IAttemptRunner> _runners = [.. runners];

    public Task<AttemptOutcome> RunAsync(DispatchPayload payload, int slot, CancellationToken ct) =>
        RunAsync(payload, slot, onStarted: null, ct);

    /// <param name="payload">The claimed attempt.</param>
    /// <param name="slot">The worker slot it occupies.</param>
    /// <param name="onStarted">Called with the process (and, on Unix, process group) id right after the job's process starts.</param>
    /// <param name="ct">Stops the process tree; the outcome is then <c>cancelled</c>.</param>
    public async Task<AttemptOutcome> RunAsync(DispatchPayload payload, int slot, Action<int>? onStarted, CancellationToken ct)
    {
        var startedAt = time.GetUtcNow();
        if (payload.DispatchError is { } dispatchError)
        {
            // The function app could not prepare the run (a secret is gone): fail it with the reason, start nothing.
            return Outcome(payload, slot, AttemptResult.Failed(dispatchError, startedAt));
        }

        var runner = _runners.FirstOrDefault(r => r.Handles(payload.Executor));
        if (runner is null)
        {
            return Outcome(payload, slot, AttemptResult.Failed($"this worker cannot run executor type '{payload.Executor.Type}'", startedAt));
        }

        DateTimeOffset? deadline = payload.TimeoutSeconds > 0 ? startedAt.AddSeconds(payload.TimeoutSeconds) : null;
        AttemptResult result;
        await using (var sink = new LiveLogWriter(liveLog, payload.Domain, payload.RunId, time, log))
        {
            // Secrets become *** in the live log before a chunk leaves the worker.
            var masking = new MaskingSink(sink, SecretMask.For(payload));
            var context = new AttemptContext(payload, RunVariables(payload), masking, options.MaxOutputBytesPerStream, deadline, time)
            {
                OnStarted = onStarted,
            };
            result = await runner.RunAsync(context, ct);
            await masking.FlushAsync(ct);
        }

        return Outcome(payload, slot, result);
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
    private AttemptOutcome Outcome(DispatchPayload payload, int slot, AttemptResult result)
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
            Status = result.Status,
            ReturnCode = result.ReturnCode,
            Stdout = mask.Apply(result.Stdout),
            Stderr = mask.Apply(result.Stderr),
            CompletionReason = mask.Apply(result.Reason),
            StartedAt = result.StartedAt,
            EndedAt = result.EndedAt,
        };
    }
}
