using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>
/// The ingest side of the protocol, called by the function app's IngestSweep: read a batch from the head of a
/// domain's ingest list, apply it to the store, then acknowledge it.
/// </summary>
/// <remarks>
/// Guarantees: a record leaves the list only after an acknowledgement naming the first record of the batch it
/// read, and only while that record is still at the head. So nothing is dropped unapplied, even with two ingesters
/// at once; at worst a batch is applied twice, which the store's ApplyAsync makes harmless (it is idempotent and
/// conditional on attempt and status). The function app runs one ingester per instance at a time; across instances
/// the rare double application is the whole cost.
/// </remarks>
internal sealed class IngestQueue(LuaScripts scripts)
{
    /// <summary>Up to <paramref name="max"/> records from the head of the domain's ingest list, oldest first.</summary>
    public async Task<IReadOnlyList<IngestRecord>> ReadAsync(string domain, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ct.ThrowIfCancellationRequested();
        var values = await scripts.Database.ListRangeAsync(scripts.Keys.Ingest(domain), 0, max - 1).WaitAsync(ct);
        return [.. values.Select(v => IngestRecord.Parse((string)v!))];
    }

    /// <summary>
    /// Drops <paramref name="handled"/> — the batch <see cref="ReadAsync"/> returned, all applied — from the head of
    /// the list, and deletes the run hashes it finished while they are still that finished attempt. False when
    /// another ingester acknowledged the batch first; nothing changed then.
    /// </summary>
    public async Task<bool> AcknowledgeAsync(string domain, IReadOnlyList<IngestRecord> handled, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handled);
        if (handled.Count == 0)
        {
            return true;
        }

        var args = new List<RedisValue> { scripts.Keys.DomainBase(domain), handled.Count, handled[0].Seq };
        foreach (var record in handled.Where(r => r.Kind == IngestRecord.Finished))
        {
            args.Add(record.RunId);
            args.Add(record.Attempt);
        }

        var result = await scripts.EvaluateAsync(LuaSource.IngestAck, [scripts.Keys.Ingest(domain)], [.. args], ct);
        return (int)((RedisResult[])result!)[0] == 1;
    }

    /// <summary>How many records wait (for /health and the benchmark).</summary>
    public async Task<long> CountAsync(string domain, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return await scripts.Database.ListLengthAsync(scripts.Keys.Ingest(domain)).WaitAsync(ct);
    }
}
