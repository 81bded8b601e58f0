namespace Hydra.WorkerHost.Hosting;

/// <summary>
/// The worker's numbered slots (0 … MAX_CONCURRENCY-1). An attempt holds one from claim to report, so
/// "never more than MAX_CONCURRENCY at once" holds by construction and each run records its slot.
/// </summary>
internal sealed class SlotPool(int size)
{
    private readonly bool[] _busy = new bool[size];
    private readonly Lock _gate = new();

    public int Size => _busy.Length;

    public int Busy
    {
        get
        {
            lock (_gate)
            {
                return _busy.Count(b => b);
            }
        }
    }

    /// <summary>The lowest free slot, marked busy; null when all are busy.</summary>
    public int? TryTake()
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_busy, false);
            if (index < 0)
            {
                return null;
            }

            _busy[index] = true;
            return index;
        }
    }

    public void Release(int slot)
    {
        lock (_gate)
        {
            _busy[slot] = false;
        }
    }
}
