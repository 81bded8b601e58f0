using System.Text;
using Hydra.Shared.Redis;
using Hydra.WorkerHost.Execution;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// Streams an attempt's output to its live log in Redis. Chunks are buffered and flushed together (one round trip)
/// every <see cref="FlushInterval"/> or when <see cref="FlushBytes"/> accumulate, so a chatty process costs a few
/// Redis calls a second, not one per line. A Redis hiccup loses live-log lines only; the full output still travels
/// with the outcome.
/// </summary>
internal sealed class LiveLogWriter : IOutputSink, IAsyncDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    public const int FlushBytes = 32 * 1024;

    private readonly LiveLog _log;
    private readonly string _domain;
    private readonly string _runId;
    private readonly ILogger _logger;
    private readonly List<(string Stream, string Text)> _pending = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flusher;
    private readonly TimeProvider _time;
    private int _pendingBytes;

    public LiveLogWriter(LiveLog log, string domain, string runId, TimeProvider time, ILogger logger)
    {
        _log = log;
        _domain = domain;
        _runId = runId;
        _time = time;
        _logger = logger;
        _flusher = FlushPeriodicallyAsync(_stop.Token);
    }

    public ValueTask WriteAsync(string stream, string text, CancellationToken ct)
    {
        bool flushNow;
        lock (_gate)
        {
            if (_pending.Count > 0 && _pending[^1].Stream == stream)
            {
                _pending[^1] = (stream, _pending[^1].Text + text);
            }
            else
            {
                _pending.Add((stream, text));
            }

            _pendingBytes += Encoding.UTF8.GetByteCount(text);
            flushNow = _pendingBytes >= FlushBytes;
        }

        return flushNow ? new ValueTask(FlushAsync(ct)) : ValueTask.CompletedTask;
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        List<(string Stream, string Text)> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            batch = [.. _pending];
            _pending.Clear();
            _pendingBytes = 0;
        }

        try
        {
            await _log.AppendAsync(_domain, _runId, batch, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Live log of run {RunId} lost {Chunks} chunk(s)", _runId, batch.Count);
        }
    }

    private async Task FlushPeriodicallyAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(FlushInterval, _time, ct);
                await FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _flusher;
        await FlushAsync(CancellationToken.None);
        _stop.Dispose();
    }
}
