using Microsoft.Extensions.Logging;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Stands between the two output readers and the caller's <see cref="IOutputSink"/>: serialises calls (so a live
/// log writer needs no lock and sees each stream in order) and keeps a failing sink from failing the run. A broken
/// live log (Redis away, say) must not kill a job that is otherwise fine; the captured output still reaches the
/// result. The first failure is logged with its exception, later ones only counted, so a chatty job cannot flood
/// the worker's log.
/// </summary>
internal sealed class GuardedOutputSink(IOutputSink inner, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim turn = new(1, 1);
    private int failures;

    public int Failures => Volatile.Read(ref failures);

    public async ValueTask WriteAsync(string stream, string text, CancellationToken cancel)
    {
        await turn.WaitAsync(cancel);
        try
        {
            await inner.WriteAsync(stream, text, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            if (Interlocked.Increment(ref failures) == 1)
            {
                logger.LogWarning(ex, "Output sink failed writing {Stream}; the run goes on and its captured output stays complete", stream);
            }
        }
        finally
        {
            turn.Release();
        }
    }

    public void Dispose() => turn.Dispose();
}
