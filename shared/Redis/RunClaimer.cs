using System.Globalization;
using System.Text.Json;
using Hydra.Shared.Runs;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>
/// Pull, called by the worker host when a slot is free (woken by its wake channel, or on its fallback poll).
/// </summary>
internal sealed class RunClaimer(LuaScripts scripts)
{
    /// <summary>
    /// Moves the next run from the worker's queue to its inflight list, marks it running under
    /// <paramref name="leaseToken"/> in <paramref name="slot"/>, and records a <c>started</c> ingest record.
    /// Returns the payload with its attempt and lease set, or null when the queue is empty.
    /// </summary>
    /// <remarks>
    /// The lease token is the caller's (a fresh GUID per claim): every report about this attempt carries it, and a
    /// report with any other token is superseded. A claim whose reply is lost leaves the run in inflight under a
    /// lease nobody holds; the worker's next registration returns it, and failover gives it a new attempt.
    /// </remarks>
    public async Task<DispatchPayload?> ClaimAsync(string domain, string workerId, int slot, string leaseToken, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseToken);
        ArgumentOutOfRangeException.ThrowIfNegative(slot);

        var keys = scripts.Keys;
        var result = await scripts.EvaluateAsync(
            LuaSource.Claim,
            [keys.Queue(domain, workerId), keys.Inflight(domain, workerId), keys.Ingest(domain), keys.IngestSequence(domain)],
            [keys.DomainBase(domain), domain, workerId, slot, leaseToken, keys.IngestWake.ToString()],
            ct);
        if (result.IsNull)
        {
            return null;
        }

        var reply = (string[])result!;
        var payload = JsonSerializer.Deserialize<DispatchPayload>(reply[0], RedisJson.Options)
            ?? throw new InvalidOperationException($"Run payload in Redis is JSON null (domain {domain}, worker {workerId}).");
        payload.Attempt = int.Parse(reply[1], NumberStyles.Integer, CultureInfo.InvariantCulture);
        payload.LeaseToken = reply[2];
        // After a retry the run hash carries the retries left; the payload keeps the job's original count.
        if (reply.Length > 3 && int.TryParse(reply[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining))
        {
            payload.RetriesRemaining = remaining;
        }

        return payload;
    }
}
