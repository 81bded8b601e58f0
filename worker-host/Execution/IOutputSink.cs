namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Receives a running process's output as it is read, for the run's live log. Text is UTF-8 decoded already and
/// never splits a character. The runner serialises calls (never two at once) and keeps each stream's order, so an
/// implementation needs no lock of its own. A failing sink does not fail the run: the runner logs and goes on,
/// and the captured output in the result stays complete either way.
/// </summary>
internal interface IOutputSink
{
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";

    /// <param name="stream"><see cref="Stdout"/> or <see cref="Stderr"/>.</param>
    /// <param name="text">One chunk as read; a chunk is not a line.</param>
    /// <param name="cancel">Cancelled only when the runner gives up reading (the stream stayed open too long).</param>
    ValueTask WriteAsync(string stream, string text, CancellationToken cancel);
}
