using System.Text;
using Microsoft.Extensions.Logging;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Reads one of the child's output pipes to its end: raw bytes into the <see cref="OutputCapture"/>, decoded text
/// to the sink as each chunk arrives. Reading the raw stream (not StreamReader lines) means a process that prints
/// without newlines still streams, and both pipes are read at once by two pumps so a child that fills one pipe
/// while the worker waits on the other cannot deadlock. The decoder keeps the bytes of a character split across
/// two reads until the rest arrives, so no chunk starts or ends in the middle of one.
/// </summary>
internal sealed class OutputPump(string stream, Stream source, OutputCapture capture, GuardedOutputSink sink, ILogger logger)
{
    // A Linux pipe holds 64 KiB; half of that per read keeps up with a fast writer without a large buffer per run.
    private const int ReadSize = 32 * 1024;

    /// <summary>Runs until end of stream, or until <paramref name="abandon"/> says the runner stopped waiting.</summary>
    public async Task RunAsync(CancellationToken abandon)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();
        var bytes = new byte[ReadSize];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(ReadSize)];
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(bytes, abandon);
                if (read == 0)
                {
                    break;
                }

                capture.Append(bytes.AsSpan(0, read));
                var decoded = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                if (decoded > 0)
                {
                    await sink.WriteAsync(stream, new string(chars, 0, decoded), abandon);
                }
            }

            // An incomplete character at the very end becomes U+FFFD, as it does in the captured text.
            var rest = decoder.GetChars([], 0, 0, chars, 0, flush: true);
            if (rest > 0)
            {
                await sink.WriteAsync(stream, new string(chars, 0, rest), abandon);
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            logger.LogWarning("Stopped reading {Stream}: it stayed open after the process tree ended (a process that left the group holds it)", stream);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Reading {Stream} failed; output after this point is lost", stream);
        }
    }
}
