using System.Security.Cryptography;
using Hydra.Shared.Events;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;
using Hydra.WorkerHost.Attempts;
using StackExchange.Redis;

namespace Hydra.WorkerHost.Hosting;

/// <summary>
/// The worker's life: reap what a crashed previous life left, register, heartbeat, and claim runs into free slots —
/// woken by pub/sub when a run is pushed to this worker, with a short fallback poll in case a wake-up is missed.
/// The wake channel also carries <c>cancel:&lt;run id&gt;</c>; the heartbeat names this worker's leases and answers
/// which are gone (failed over: stop them) and which runs to cancel. On shutdown it drains: marks itself draining,
/// stops claiming, lets running attempts finish within the grace period, then stops the rest and hands them back
/// for re-dispatch without spending a retry.
/// </summary>
internal sealed class WorkerLoop(
    WorkerOptions options,
    IConnectionMultiplexer redis,
    RedisKeys keys,
    WorkerRegistry registry,
    RunClaimer claimer,
    AttemptExecutor executor,
    OutcomeReporter reporter,
    AttemptReporter attempts,
    RunningAttempts running,
    ProcessGroupJournal groups,
    WorkerCapabilities capabilities,
    EventLog events,
    TimeProvider time,
    WorkerExit exit,
    ILogger<WorkerLoop> log) : BackgroundService
{
    private readonly SlotPool _slots = new(options.MaxConcurrency);
    private readonly SemaphoreSlim _attention = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reaped = await groups.ReapAsync(TimeSpan.FromSeconds(5), stoppingToken);
        if (reaped > 0)
        {
            log.LogWarning("Ended {Count} process group(s) left running by a previous life of worker {WorkerId}", reaped, options.WorkerId);
        }

        if (!await RegisterAsync(freshStart: true, stoppingToken))
        {
            return;
        }

        await redis.GetSubscriber().SubscribeAsync(keys.WorkerWake(options.Domain, options.WorkerId), (_, message) => OnWake(message));
        var heartbeat = HeartbeatLoopAsync(stoppingToken);
        try
        {
            await ClaimLoopAsync(stoppingToken);
        }
        finally
        {
            await DrainAsync();
            await heartbeat;
        }
    }

    private void OnWake(RedisValue message)
    {
        if (RunCanceller.RunToCancel(message) is { } runId)
        {
            if (running.Stop(runId, StopReason.CancelRequested))
            {
                log.LogInformation("Cancelling run {RunId}: stopping its process tree", runId);
            }

            return;
        }

        Poke();
    }

    private async Task ClaimLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ClaimIntoFreeSlotsAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Claiming runs failed; retrying after the poll interval");
            }

            try
            {
                await _attention.WaitAsync(options.PollInterval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ClaimIntoFreeSlotsAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && _slots.TryTake() is int slot)
        {
            var lease = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            DispatchPayload? payload;
            try
            {
                payload = await claimer.ClaimAsync(options.Domain, options.WorkerId, slot, lease, ct);
            }
            catch
            {
                _slots.Release(slot);
                throw;
            }

            if (payload is null)
            {
                _slots.Release(slot);
                return;
            }

            var attempt = new RunningAttempt(payload, slot);
            var started = new TaskCompletionSource();
            running.Add(attempt, RunAttemptAsync(attempt, started.Task));
            started.SetResult();
        }
    }

    private async Task RunAttemptAsync(RunningAttempt attempt, Task registered)
    {
        await registered;
        await Task.Yield();
        var payload = attempt.Payload;
        try
        {
            var outcome = await executor.RunAsync(
                payload, attempt.Slot, pid => groups.Record(payload.RunId, payload.Attempt, pid), attempt.Stopping);
            // A process that ended on its own just as the stop came keeps its real outcome.
            var stopped = outcome.Status == RunStatus.Cancelled;
            switch (attempt.Reason)
            {
                case StopReason.Shutdown when stopped:
                    await HandBackAsync(attempt);
                    return;
                case StopReason.LeaseLost when stopped:
                    outcome.CompletionReason = "stopped: the lease was lost (the run was failed over)";
                    break;
                case StopReason.CancelRequested when stopped:
                    outcome.CompletionReason = "cancelled by request";
                    break;
            }

            // Reported even after the host stopped: an outcome is not dropped while Redis may still take it.
            var retry = attempt.Reason == StopReason.None ? OutcomeReporter.RetryFor(payload, outcome) : null;
            await reporter.ReportAsync(outcome, retry, CancellationToken.None);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Run {RunId} attempt {Attempt} failed inside the worker", payload.RunId, payload.Attempt);
        }
        finally
        {
            groups.Forget(payload.RunId, payload.Attempt);
            running.Remove(payload.RunId);
            attempt.Dispose();
            _slots.Release(attempt.Slot);
            Poke();
        }
    }

    private async Task HandBackAsync(RunningAttempt attempt)
    {
        var payload = attempt.Payload;
        var result = await attempts.HandBackAsync(
            payload.Domain, payload.RunId, options.WorkerId, attempt.Lease,
            $"lost: worker {options.WorkerId} shut down before the attempt ended", CancellationToken.None);
        log.LogWarning("Run {RunId} attempt {Attempt} stopped by shutdown and handed back: {Result}", payload.RunId, payload.Attempt, result);
    }

    /// <summary>False when Redis refused the worker's token: the worker is stopping with a non-zero exit code.</summary>
    private async Task<bool> RegisterAsync(bool freshStart, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var registration = WorkerDescription.Registration(options, time, capabilities);
                var result = await registry.RegisterAsync(registration, freshStart, ct);
                if (result.State == WorkerStates.Refused)
                {
                    exit.Refuse(
                        $"Worker {options.WorkerId} was refused: WORKER_DOMAIN_TOKEN is not the current token of domain " +
                        $"'{options.Domain}' (wrong, rotated, or the domain was deleted). Exiting.");
                    return false;
                }

                if (!result.Verified)
                {
                    log.LogWarning(
                        "Domain {Domain} has no token published in Redis yet (the function app publishes it at start and " +
                        "every few seconds); registered unverified, the next sync refuses this worker if its token is wrong",
                        options.Domain);
                }

                await AnnounceAsync(registration, result.State, ct);
                var leftovers = result.PreviousInflight;
                log.LogInformation(
                    "Worker {WorkerId} registered in domain {Domain} with {Slots} slot(s), state {State}{Leftovers}",
                    options.WorkerId, options.Domain, options.MaxConcurrency, result.State,
                    leftovers.Count == 0 || !freshStart ? "" : $"; {leftovers.Count} attempt(s) left in flight by a previous run of this worker were failed over");
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning("Cannot register with Redis at {Redis} yet: {Error}", options.RedisUrl, ex.Message);
                await Task.Delay(delay, time, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    if (!await HeartbeatAsync(ct))
                    {
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning("Heartbeat failed: {Error}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>False when the worker's token was refused: it is stopping with a non-zero exit code.</summary>
    private async Task<bool> HeartbeatAsync(CancellationToken ct)
    {
        var reply = await registry.HeartbeatAsync(options.Domain, options.WorkerId, options.DomainTokenHash, running.Leases(), ct);
        if (reply.State == WorkerStates.Refused)
        {
            exit.Refuse(
                $"Worker {options.WorkerId} was refused: the token of domain '{options.Domain}' was rotated or the " +
                "domain was deleted, so this worker gets no more runs. Exiting.");
            return false;
        }

        foreach (var runId in reply.LostRunIds)
        {
            if (running.Stop(runId, StopReason.LeaseLost))
            {
                log.LogWarning("The lease of run {RunId} is gone (failed over while this worker was away); stopping its process tree", runId);
            }
        }

        foreach (var runId in reply.CancelRunIds)
        {
            running.Stop(runId, StopReason.CancelRequested);
        }

        if (reply.State is WorkerStates.Unknown or WorkerStates.Offline)
        {
            log.LogWarning("Redis says worker {WorkerId} is {State}; registering again", options.WorkerId, reply.State);
            return await RegisterAsync(freshStart: false, ct);
        }

        return true;
    }

    /// <summary>
    /// Claiming has stopped (the caller's token fired). Mark this worker draining so nothing new is queued for it
    /// (its queued runs go back to pending), wait for running attempts up to the grace period, then stop the rest;
    /// they are handed back for re-dispatch.
    /// </summary>
    private async Task DrainAsync()
    {
        // A refused worker was disabled by Redis already; saying "draining" would undo that.
        if (exit.Code != WorkerExit.RefusedCode)
        {
            try
            {
                await registry.SetStateAsync(options.Domain, options.WorkerId, WorkerStates.Draining, byWorker: true, CancellationToken.None)
                    .WaitAsync(TimeSpan.FromSeconds(5), time);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                log.LogWarning("Could not mark worker {WorkerId} draining: {Error}", options.WorkerId, ex.Message);
            }
        }

        var tasks = running.Tasks;
        if (tasks.Count == 0)
        {
            return;
        }

        log.LogInformation("Shutting down: waiting up to {Grace}s for {Count} running attempt(s)", options.ShutdownGrace.TotalSeconds, tasks.Count);
        var all = Task.WhenAll(tasks);
        if (await Task.WhenAny(all, Task.Delay(options.ShutdownGrace, time)) != all)
        {
            running.StopAll(StopReason.Shutdown);
            await all;
        }
    }

    private void Poke()
    {
        // A binary-ish signal: one pending poke is enough to make the loop look again.
        if (_attention.CurrentCount == 0)
        {
            _attention.Release();
        }
    }

    public override void Dispose()
    {
        _attention.Dispose();
        base.Dispose();
    }

    /// <summary>worker_online on the domain's event stream; a failure costs the event only, never the registration.</summary>
    private async Task AnnounceAsync(WorkerRegistration registration, string state, CancellationToken ct)
    {
        try
        {
            await events.AppendAsync(
                options.Domain,
                [EventDraft.WorkerOnline(options.WorkerId, state, registration.Os, registration.MaxConcurrency, registration.Version)],
                ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning("Could not announce worker {WorkerId} on the event stream: {Error}", options.WorkerId, ex.Message);
        }
    }
}
