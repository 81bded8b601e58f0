using Hydra.Shared.Events;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Events;

/// <summary>
/// The events a batch of ingest records announces, in record order: <c>started</c> → run_started; <c>finished</c> →
/// run_succeeded / run_failed / run_timed_out / run_cancelled by its status; <c>superseded</c> → none (a stale
/// report changes nothing); <c>lost</c> → run_lost; <c>retry_scheduled</c> → run_retry_scheduled.
/// </summary>
internal static class IngestEvents
{
    public static IReadOnlyList<EventDraft> From(IReadOnlyList<IngestRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var events = new List<EventDraft>(records.Count);
        foreach (var record in records)
        {
            if (For(record) is { } draft)
            {
                events.Add(draft);
            }
        }

        return events;
    }

    public static EventDraft? For(IngestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Kind switch
        {
            IngestRecord.Started => EventDraft.RunStarted(record.RunId, record.Attempt, record.WorkerId, record.Slot, record.QueueLatencyMs),
            IngestRecord.Finished => EventDraft.RunEnded(
                record.Status ?? RunStatus.Failed, record.RunId, record.Attempt, record.WorkerId, record.ReturnCode, record.CompletionReason),
            IngestRecord.Lost => EventDraft.RunLost(record.RunId, record.Attempt, record.WorkerId),
            IngestRecord.RetryScheduled => EventDraft.RunRetryScheduled(
                record.RunId, record.NextAttempt ?? record.Attempt + 1, record.RetryAt ?? record.At, record.CompletionReason),
            // superseded, and kinds this version does not know yet: no event.
            _ => null,
        };
    }
}
