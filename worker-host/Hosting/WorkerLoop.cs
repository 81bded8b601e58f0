using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;
using Hydra.WorkerHost.Attempts;
using StackExchange.Redis;

namespace Hydra.WorkerHost.Hosting;

/// <summary>
/// The worker's life: register, heartbeat, and claim runs into free slots — woken by pub/sub when a run is pushed
/// to this worker, with a short fallback poll in case a wake-up is missed. On shutdown it stops claiming and lets
/// running attempts finish within the grace period.
/// </summary>
internal sealed class WorkerLoop(
    WorkerOptions options,
    IConnectionMultiplexer redis,
    RedisKeys keys,
    WorkerRegistry registry,
    RunClaimer claimer,
    AttemptExecutor executor,
    OutcomeReporter reporter,
    TimeProvider time,
    WorkerExit exit,
    ILogger<WorkerLoop> log) : BackgroundService
{
    private readonly SlotPool _slots = new(options.MaxConcurrency);
    private readonly SemaphoreSlim _attention = new(0);
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly CancellationTokenSource _hardStop = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await RegisterAsync(stoppingToken))
        {
            return;
        }

        await redis.GetSubscriber().SubscribeAsync(keys.WorkerWake(options.Domain, options.WorkerId), (_, _) => Poke());
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

            _running[payload.RunId] = RunAttemptAsync(payload, slot);
        }
    }

    private async Task RunAttemptAsync(DispatchPayload payload, int slot)
    {
        await Task.Yield();
        try
        {
            var outcome = await executor.RunAsync(payload, slot, _hardStop.Token);
            await reporter.ReportAsync(outcome, _hardStop.Token);
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            log.LogWarning("Run {RunId} attempt {Attempt} was stopped by shutdown before it finished", payload.RunId, payload.Attempt);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Run {RunId} attempt {Attempt} failed inside the worker", payload.RunId, payload.Attempt);
        }
        finally
        {
            _running.TryRemove(payload.RunId, out _);
            _slots.Release(slot);
            Poke();
        }
    }

    /// <summary>False when Redis refused the worker's token: the worker is stopping with a non-zero exit code.</summary>
    private async Task<bool> RegisterAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var result = await registry.RegisterAsync(WorkerDescription.Registration(options, time), ct);
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

                var leftovers = result.PreviousInflight;
                log.LogInformation(
                    "Worker {WorkerId} registered in domain {Domain} with {Slots} slot(s), state {State}{Leftovers}",
                    options.WorkerId, options.Domain, options.MaxConcurrency, result.State,
                    leftovers.Count == 0 ? "" : $"; {leftovers.Count} attempt(s) from a previous run of this worker are left in flight");
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
                    var reply = await registry.HeartbeatAsync(options.Domain, options.WorkerId, options.DomainTokenHash, ct);
                    if (reply.State == WorkerStates.Refused)
                    {
                        exit.Refuse(
                            $"Worker {options.WorkerId} was refused: the token of domain '{options.Domain}' was rotated or the " +
                            "domain was deleted, so this worker gets no more runs. Exiting.");
                        return;
                    }

                    if (reply.State == WorkerStates.Unknown)
                    {
                        log.LogWarning("Redis no longer knows worker {WorkerId}; registering again", options.WorkerId);
                        if (!await RegisterAsync(ct))
                        {
                            return;
                        }
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

    /// <summary>Stop claiming (done by the caller), wait for running attempts up to the grace period, then stop them.</summary>
    private async Task DrainAsync()
    {
        var running = _running.Values.ToArray();
        if (running.Length > 0)
        {
            log.LogInformation("Shutting down: waiting up to {Grace}s for {Count} running attempt(s)", options.ShutdownGrace.TotalSeconds, running.Length);
            var all = Task.WhenAll(running);
            if (await Task.WhenAny(all, Task.Delay(options.ShutdownGrace, time)) != all)
            {
                await _hardStop.CancelAsync();
                await all;
            }
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
        _hardStop.Dispose();
        _attention.Dispose();
        base.Dispose();
    }
}
