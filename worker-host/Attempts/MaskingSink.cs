using Hydra.WorkerHost.Execution;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// Masks secrets in live output before it reaches the live log. Output arrives in chunks that may split a secret,
/// so each stream keeps back its last (longest secret − 1) characters — a possible beginning of a secret — until the
/// next chunk shows what follows, or <see cref="FlushAsync"/> ends the attempt. Complete occurrences are masked
/// before anything is passed on, so no chunk that leaves here holds a whole secret, and no two adjacent ones do.
/// </summary>
internal sealed class MaskingSink(IOutputSink inner, SecretMask mask) : IOutputSink
{
    private readonly Dictionary<string, string> _held = new(StringComparer.Ordinal);

    public async ValueTask WriteAsync(string stream, string text, CancellationToken cancel)
    {
        if (mask.IsEmpty)
        {
            await inner.WriteAsync(stream, text, cancel);
            return;
        }

        var buffer = mask.Apply((_held.TryGetValue(stream, out var held) ? held : "") + text);
        var keep = Math.Min(buffer.Length, mask.Longest - 1);
        _held[stream] = buffer[^keep..];
        if (buffer.Length > keep)
        {
            await inner.WriteAsync(stream, buffer[..^keep], cancel);
        }
    }

    /// <summary>Passes on what was kept back; call once the process's output has ended.</summary>
    public async Task FlushAsync(CancellationToken cancel)
    {
        foreach (var (stream, held) in _held.ToArray())
        {
            if (held.Length > 0)
            {
                await inner.WriteAsync(stream, mask.Apply(held), cancel);
            }
        }

        _held.Clear();
    }
}
