namespace Hydra.Tests.Infrastructure;

/// <summary>Polls a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<T?, bool> done, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        T? last = default;
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last!;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting for {what}; last value: {last}");
            }

            try
            {
                await Task.Delay(delay, cts.Token);
            }
            catch (OperationCanceledException)
            {
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    public static Task<bool> TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        GetAsync(async () => await probe(), ok => ok, timeout, what);
}
