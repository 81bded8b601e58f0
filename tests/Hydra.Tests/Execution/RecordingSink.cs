using System.Text;
using Hydra.WorkerHost.Execution;

namespace Hydra.Tests.Execution;

/// <summary>Keeps what the runner streamed, and lets a test await a piece of text instead of sleeping.</summary>
internal sealed class RecordingSink : IOutputSink
{
    private readonly Lock gate = new();
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly List<(string Stream, string Needle, TaskCompletionSource Seen)> waiters = [];
    private int active;

    public int Chunks { get; private set; }

    /// <summary>True if two calls ever overlapped (the runner promises they never do).</summary>
    public bool Overlapped { get; private set; }

    /// <summary>Chunks that held a replacement character: a character split between two chunks.</summary>
    public int ChunksWithReplacement { get; private set; }

    public string Stdout
    {
        get
        {
            lock (gate)
            {
                return stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (gate)
            {
                return stderr.ToString();
            }
        }
    }

    public Task SeenAsync(string stream, string needle)
    {
        lock (gate)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((stream, needle, seen));
            Check();
            return seen.Task;
        }
    }

    public async ValueTask WriteAsync(string stream, string text, CancellationToken cancel)
    {
        if (Interlocked.Increment(ref active) > 1)
        {
            Overlapped = true;
        }

        // Yield once so that overlapping calls, if the runner allowed them, would actually overlap.
        await Task.Yield();
        lock (gate)
        {
            Chunks++;
            if (text.Contains('\uFFFD', StringComparison.Ordinal))
            {
                ChunksWithReplacement++;
            }

            (stream == IOutputSink.Stdout ? stdout : stderr).Append(text);
            Check();
        }

        Interlocked.Decrement(ref active);
    }

    private void Check() =>
        waiters.RemoveAll(waiter =>
        {
            var text = waiter.Stream == IOutputSink.Stdout ? stdout : stderr;
            var seen = text.ToString().Contains(waiter.Needle, StringComparison.Ordinal);
            if (seen)
            {
                waiter.Seen.TrySetResult();
            }

            return seen;
        });
}
