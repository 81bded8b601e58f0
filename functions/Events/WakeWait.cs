namespace Hydra.Functions.Events;

/// <summary>Awaiting wake-ups with a deadline, holding no thread: a timer from the TimeProvider, not a sleeping loop.</summary>
internal static class WakeWait
{
    /// <summary>True when any ticket was woken before <paramref name="timeout"/>; false when the time ran out.</summary>
    public static async Task<bool> AnyAsync(IReadOnlyList<WakeTicket> tickets, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        var woken = tickets.Count == 1 ? tickets[0].Woken : Task.WhenAny(tickets.Select(t => t.Woken));
        try
        {
            // WaitAsync disposes its timer as soon as the wake-up wins, so a burst of short waits leaves no timers behind.
            await woken.WaitAsync(timeout, time, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
