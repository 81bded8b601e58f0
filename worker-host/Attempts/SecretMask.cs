using Hydra.Shared.Runs;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// The values of an attempt's secret env variables (<see cref="DispatchPayload.SecretEnv"/>), replaced by
/// <see cref="Mask"/> in everything the worker reports: live-log chunks, the outcome's stdout and stderr, the
/// completion reason. Longest first, so a secret that contains another is masked whole. Empty values are skipped
/// (masking "" would be meaningless).
/// </summary>
internal sealed class SecretMask
{
    public const string Mask = "***";

    private readonly string[] _values;

    public SecretMask(IEnumerable<string> values)
    {
        _values = [.. values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];
        Longest = _values.Length == 0 ? 0 : _values[0].Length;
    }

    public static SecretMask None { get; } = new([]);

    public bool IsEmpty => _values.Length == 0;

    /// <summary>The length of the longest secret: a chunk's last Longest − 1 characters may be a secret's beginning.</summary>
    public int Longest { get; }

    public static SecretMask For(DispatchPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.SecretEnv is not { Count: > 0 } names || payload.Executor.Env is not { } env)
        {
            return None;
        }

        return new SecretMask(names.Select(n => env.TryGetValue(n, out var v) ? v?.Value : null).OfType<string>());
    }

    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var value in _values)
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
