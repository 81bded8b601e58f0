using Hydra.Functions.Catalog;
using Hydra.Functions.Events;
using Hydra.Functions.Store;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Sweeps;

/// <summary>
/// Timer function: drains what workers reported (attempts started, finished, superseded) from each domain's ingest
/// list into the store, in batches — one store transaction per batch — and acknowledges what it persisted, which
/// trims the list and deletes the finished runs' Redis state. A crash between the store write and the acknowledgement
/// replays the batch; applying is idempotent, so that is harmless. On the lean host it is woken at once by Redis.
/// </summary>
internal static class IngestSweep
{
    public const int BatchSize = 500;
    public const int MaxBatchesPerDomain = 40;

    public static async Task<TimerOutcome> InvokeAsync(IServiceProvider services, CancellationToken ct)
    {
        var queue = services.GetRequiredService<IngestQueue>();
        var runs = services.GetRequiredService<IRunStore>();
        var events = services.GetRequiredService<IEventPublisher>();
        var domains = await services.GetRequiredService<DomainSet>().ListAsync(ct);

        var applied = 0;
        foreach (var domain in domains)
        {
            for (var batch = 0; batch < MaxBatchesPerDomain; batch++)
            {
                var records = await queue.ReadAsync(domain, BatchSize, ct);
                if (records.Count == 0)
                {
                    break;
                }

                await runs.ApplyAsync(records.Select(ToUpdate).ToList(), ct);
                // After the store write (a follower that reacts reads the new state), before the acknowledgement (a crash
                // in between replays the batch: events twice rather than never). One round trip per batch.
                await events.PublishAsync(domain, IngestEvents.From(records), ct);
                await queue.AcknowledgeAsync(domain, records, ct);
                applied += records.Count;
                if (records.Count < BatchSize)
                {
                    break;
                }
            }
        }

        return new TimerOutcome($"applied {applied} report(s)");
    }

    internal static RunUpdate ToUpdate(IngestRecord record) => record.Kind switch
    {
        IngestRecord.Started => new RunUpdate
        {
            RunId = record.RunId,
            Domain = record.Domain,
            Attempt = record.Attempt,
            AttemptStatus = RunStatus.Running,
            RunStatus = RunStatus.Running,
            WorkerId = record.WorkerId,
            Slot = record.Slot,
            LeaseToken = record.LeaseToken,
            StartedAt = record.StartedAt ?? record.At,
            QueueLatencyMs = record.QueueLatencyMs,
        },
        IngestRecord.Finished => Outcome(record, superseded: false),
        IngestRecord.Superseded => Outcome(record, superseded: true),
        // The attempt keeps its own outcome and output; the run goes back to queued as the next attempt.
        IngestRecord.RetryScheduled => Outcome(record, superseded: false) with
        {
            RunStatus = RunStatus.Queued,
            NextAttempt = record.NextAttempt ?? record.Attempt + 1,
            RetriesRemaining = record.RetriesRemaining,
        },
        IngestRecord.Lost => Outcome(record, superseded: false) with
        {
            AttemptStatus = RunStatus.Lost,
            RunStatus = RunStatus.Queued,
            NextAttempt = record.NextAttempt ?? record.Attempt + 1,
        },
        _ => throw new InvalidDataException($"Unknown ingest record kind '{record.Kind}' for run {record.RunId}."),
    };

    // A run cancelled before any worker took its attempt has no worker, slot or lease: stored as null, not "".
    private static RunUpdate Outcome(IngestRecord record, bool superseded) => new()
    {
        RunId = record.RunId,
        Domain = record.Domain,
        Attempt = record.Attempt,
        AttemptStatus = superseded ? RunStatus.Superseded : record.Status ?? RunStatus.Failed,
        RunStatus = superseded ? null : record.Status ?? RunStatus.Failed,
        WorkerId = record.WorkerId.Length == 0 ? null : record.WorkerId,
        Slot = record.WorkerId.Length == 0 ? null : record.Slot,
        LeaseToken = record.LeaseToken.Length == 0 ? null : record.LeaseToken,
        StartedAt = record.StartedAt,
        EndedAt = record.EndedAt ?? record.At,
        ReturnCode = record.ReturnCode,
        Stdout = record.Stdout,
        Stderr = record.Stderr,
        CompletionReason = record.CompletionReason,
        Superseded = superseded,
    };
}
