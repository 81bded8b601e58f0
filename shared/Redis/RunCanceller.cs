using System.Globalization;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

internal enum RedisCancelOutcome
{
    /// <summary>Redis has no hash for the run (not yet dispatched, already ingested, or lost with Redis's data).</summary>
    Unknown,
    /// <summary>The run had not started its attempt: it is cancelled now and a record waits for ingest.</summary>
    Cancelled,
    /// <summary>The run is running: flagged, and its worker told to stop it; the worker reports <c>cancelled</c>.</summary>
    Signalled,
    /// <summary>The run already finished in Redis; its outcome waits for ingest.</summary>
    Finished,
}

/// <summary>What cancel.lua did: for <see cref="RedisCancelOutcome.Cancelled"/> the attempt, for Signalled the worker.</summary>
internal sealed record RedisCancelResult(RedisCancelOutcome Outcome, int Attempt, string? WorkerId);

/// <summary>
/// Cancel's Redis side, called by the function app (RunCancellation). A run not yet started is taken out of pending,
/// the delayed set or its worker's queue at once; a running one is flagged and its worker is told through its wake
/// channel (<c>cancel:&lt;run id&gt;</c>), with the heartbeat reply as the fallback, and FailoverSweep finishing it
/// cancelled when the worker is gone.
/// </summary>
internal sealed class RunCanceller(LuaScripts scripts)
{
    public const string WakePrefix = "cancel:";

    public async Task<RedisCancelResult> CancelAsync(string domain, string runId, string reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(reason);
        var keys = scripts.Keys;
        var result = await scripts.EvaluateAsync(
            LuaSource.Cancel,
            [keys.Run(domain, runId), keys.Pending(domain), keys.Delayed(domain), keys.Ingest(domain), keys.IngestSequence(domain)],
            [keys.DomainBase(domain), domain, runId, reason, keys.IngestWake.ToString()],
            ct);
        var reply = (string[])result!;
        return reply[0] switch
        {
            "unknown" => new RedisCancelResult(RedisCancelOutcome.Unknown, 0, null),
            "cancelled" => new RedisCancelResult(RedisCancelOutcome.Cancelled, int.Parse(reply[1], NumberStyles.Integer, CultureInfo.InvariantCulture), null),
            "signalled" => new RedisCancelResult(RedisCancelOutcome.Signalled, 0, reply[1]),
            "finished" => new RedisCancelResult(RedisCancelOutcome.Finished, 0, null),
            _ => throw new InvalidOperationException($"cancel.lua answered '{reply[0]}'."),
        };
    }

    /// <summary>The run id a worker's wake message asks it to cancel, or null for an ordinary wake-up.</summary>
    public static string? RunToCancel(RedisValue message)
    {
        var text = (string?)message;
        return text is not null && text.StartsWith(WakePrefix, StringComparison.Ordinal) ? text[WakePrefix.Length..] : null;
    }
}
