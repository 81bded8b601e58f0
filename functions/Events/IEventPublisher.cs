using Hydra.Shared.Events;

namespace Hydra.Functions.Events;

/// <summary>
/// The seam every state change in the function app reports through: build the events with <see cref="EventDraft"/>'s
/// factories and publish them once the change is durable (after the store write or the Redis script answered).
/// One call is one round trip, so publish a batch's events together.
/// <para>
/// Publishing never fails the caller: the state change already happened and is the truth; an event that cannot be
/// appended (Redis down) is logged and lost, and a follower sees the new state on its next reload. Cancellation
/// still propagates. Delivery to followers is at-least-once in one case: a batch IngestSweep applies twice (a crash
/// before its acknowledgement) publishes its events twice.
/// </para>
/// Producers still to come (through this seam): FailoverSweep (worker_offline, run_lost), retries
/// (run_retry_scheduled), ScheduleSweep (job_scheduled as it advances next_run_at, run_missed, run_skipped), cancel
/// (run_cancelled).
/// </summary>
internal interface IEventPublisher
{
    Task PublishAsync(string domain, IReadOnlyList<EventDraft> events, CancellationToken ct);
}
