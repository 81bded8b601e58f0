using System.Collections.Concurrent;
using Hydra.Functions.Catalog;

namespace Hydra.Functions.Timers;

/// <summary>
/// Runs a timer function in its own DI scope, one invocation at a time per function: the lean host's schedule,
/// a wake-up and a POST from the Functions host all queue here, so a function never overlaps itself.
/// </summary>
internal sealed class TimerInvoker(IServiceScopeFactory scopes, ILogger<TimerInvoker> log)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    public async Task<TimerOutcome> InvokeAsync(FunctionDefinition function, CancellationToken ct)
    {
        var handler = function.TimerHandler
            ?? throw new InvalidOperationException($"'{function.Name}' is not a timer function.");
        var gate = _gates.GetOrAdd(function.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await handler(scope.ServiceProvider, ct);
            if (!string.IsNullOrEmpty(outcome.Log))
            {
                log.LogDebug("{Function}: {Outcome}", function.Name, outcome.Log);
            }

            return outcome;
        }
        finally
        {
            gate.Release();
        }
    }
}
