using System.Globalization;
using Hydra.Shared.Runs;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

internal enum CompletionResult
{
    /// <summary>The run is finished in Redis and a <c>finished</c> ingest record waits for the store.</summary>
    Completed,
    /// <summary>The lease was not the run's current one: recorded as <c>superseded</c>, nothing else changed.</summary>
    Superseded,
}

/// <summary>
/// Complete, called by the worker host when an attempt ends. The lease token turns at-least-once reporting into
/// effectively-once: only the holder of the run's current lease can finish it, and reporting the same attempt twice
/// finishes it once.
/// </summary>
internal sealed class AttemptReporter(LuaScripts scripts)
{
    public Task<CompletionResult> CompleteAsync(AttemptOutcome outcome, CancellationToken ct) =>
        CompleteAsync(outcome, retryAt: null, ct);

    /// <summary>
    /// Records the outcome. <paramref name="retryAt"/> is the extension point for retries: a later issue puts the run
    /// into the domain's delayed set until then instead of finishing it (complete.lua marks the spot). Until that
    /// lands the store decides retries after ingest, and a retry-at is refused rather than silently dropped.
    /// </summary>
    public async Task<CompletionResult> CompleteAsync(AttemptOutcome outcome, DateTimeOffset? retryAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome.RunId);
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome.LeaseToken);
        if (retryAt is not null)
        {
            throw new NotSupportedException("Scheduling a retry into the delayed set is not part of the protocol yet; complete the attempt without retryAt.");
        }

        var keys = scripts.Keys;
        var domain = outcome.Domain;
        var result = await scripts.EvaluateAsync(
            LuaSource.Complete,
            [keys.Run(domain, outcome.RunId), keys.Ingest(domain), keys.IngestSequence(domain)],
            [
                keys.DomainBase(domain),
                domain,
                outcome.RunId,
                outcome.Attempt,
                outcome.LeaseToken,
                outcome.WorkerId,
                outcome.Slot,
                outcome.Status,
                outcome.ReturnCode?.ToString(CultureInfo.InvariantCulture) ?? "",
                outcome.Stdout,
                outcome.Stderr,
                outcome.CompletionReason,
                keys.IngestWake.ToString(),
                keys.DispatchWake.ToString(),
            ],
            ct);
        return (string)result! switch
        {
            "completed" => CompletionResult.Completed,
            "superseded" => CompletionResult.Superseded,
            var other => throw new InvalidOperationException($"complete.lua answered '{other}'."),
        };
    }
}
