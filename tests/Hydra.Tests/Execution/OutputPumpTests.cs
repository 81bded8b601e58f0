using System.Text;
using Hydra.WorkerHost.Execution;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Tests.Execution;

public sealed class OutputPumpTests
{
    [Fact]
    public async Task A_multi_byte_character_split_across_reads_reaches_the_sink_and_capture_intact()
    {
        const string text = "aé€😀ß\n";
        var sink = new RecordingSink();
        var capture = new OutputCapture(1024);
        using var guarded = new GuardedOutputSink(sink, NullLogger.Instance);
        var pump = new OutputPump(IOutputSink.Stdout, new OneByteStream(Encoding.UTF8.GetBytes(text)), capture, guarded, NullLogger.Instance);

        await pump.RunAsync(CancellationToken.None);

        Assert.Equal(text, sink.Stdout);
        Assert.Equal(0, sink.ChunksWithReplacement);
        Assert.Equal(text, capture.Render());
    }

    [Fact]
    public async Task A_failing_sink_does_not_stop_the_capture()
    {
        var capture = new OutputCapture(1024);
        using var guarded = new GuardedOutputSink(new FailingSink(), NullLogger.Instance);
        var pump = new OutputPump(IOutputSink.Stderr, new OneByteStream("boom"u8.ToArray()), capture, guarded, NullLogger.Instance);

        await pump.RunAsync(CancellationToken.None);

        Assert.Equal("boom", capture.Render());
        Assert.Equal(4, guarded.Failures);
    }

    /// <summary>Hands out one byte per read, so every multi-byte character is split between reads.</summary>
    private sealed class OneByteStream(byte[] data) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (position == data.Length || buffer.IsEmpty)
            {
                return 0;
            }

            buffer[0] = data[position++];
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class FailingSink : IOutputSink
    {
        public ValueTask WriteAsync(string stream, string text, CancellationToken cancel) =>
            throw new InvalidOperationException("live log is down");
    }
}
