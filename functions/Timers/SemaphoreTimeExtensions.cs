namespace Hydra.Functions.Timers;

internal static class SemaphoreTimeExtensions
{
    /// <summary>
    /// SemaphoreSlim.WaitAsync with a timeout measured by <paramref name="time"/>, so tests with a fake clock
    /// control when timers fire.
    /// </summary>
    public static async Task<bool> WaitAsync(this SemaphoreSlim semaphore, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return semaphore.Wait(0, ct);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, time, linked.Token);
        var wait = semaphore.WaitAsync(linked.Token);
        var first = await Task.WhenAny(wait, delay);
        if (first == wait && wait.IsCompletedSuccessfully)
        {
            await linked.CancelAsync();
            return true;
        }

        ct.ThrowIfCancellationRequested();
        await linked.CancelAsync();
        try
        {
            await wait;
            // The semaphore was acquired in the race with the timer; keep the signal for the next waiter (unless a
            // wake-up set it again meanwhile: one pending signal is all a binary semaphore holds).
            ReleaseOnce(semaphore);
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }

    /// <summary>Sets a binary signal; a signal that is already set stays set (no SemaphoreFullException).</summary>
    public static void ReleaseOnce(SemaphoreSlim semaphore)
    {
        try
        {
            semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }
}
