using System.Globalization;
using System.Text;

namespace Hydra.WorkerHost.Execution;

/// <summary>
/// Keeps at most a fixed number of bytes of one output stream: the first half as it came (the head, where a job
/// says what it is doing) and the last half in a ring buffer (the tail, where it says how it ended). Memory stays
/// within the cap however much the process prints; buffers grow with the output, so a short run costs little.
/// Bytes, not characters, are kept, and decoded once at the end, so the cap is exact and cheap to enforce; the cut
/// edges are moved to character boundaries then.
/// </summary>
internal sealed class OutputCapture
{
    private const int InitialBuffer = 4096;

    private readonly int headLimit;
    private readonly int tailLimit;
    private byte[] head = [];
    private int headCount;
    private byte[] tail = [];
    private int tailStart;
    private int tailCount;

    public OutputCapture(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 2);
        headLimit = maxBytes / 2;
        tailLimit = maxBytes - headLimit;
    }

    /// <summary>Every byte appended, kept or not.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Bytes held in memory now; never more than the cap.</summary>
    public int HeldBytes => headCount + tailCount;

    public bool Truncated => TotalBytes > headLimit + tailLimit;

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        if (headCount < headLimit)
        {
            var n = Math.Min(data.Length, headLimit - headCount);
            EnsureCapacity(ref head, headCount + n, headLimit, headCount);
            data[..n].CopyTo(head.AsSpan(headCount));
            headCount += n;
            data = data[n..];
        }

        if (!data.IsEmpty)
        {
            AppendTail(data);
        }
    }

    /// <summary>
    /// The kept output as text: all of it, or head, a marker line such as
    /// <c>\n…[hydra: 3145728 bytes truncated]…\n</c>, and tail. The count includes bytes of characters the cut
    /// went through, which are dropped whole rather than shown as replacement characters.
    /// </summary>
    public string Render()
    {
        if (!Truncated)
        {
            // Nothing was overwritten, so the ring has not wrapped and head + tail is the whole output in order.
            var all = new byte[headCount + tailCount];
            head.AsSpan(0, headCount).CopyTo(all);
            tail.AsSpan(0, tailCount).CopyTo(all.AsSpan(headCount));
            return Encoding.UTF8.GetString(all);
        }

        var headKept = head.AsSpan(0, CompleteCharactersLength(head.AsSpan(0, headCount)));
        var tailBytes = new byte[tailCount];
        var firstPart = Math.Min(tailCount, tail.Length - tailStart);
        tail.AsSpan(tailStart, firstPart).CopyTo(tailBytes);
        tail.AsSpan(0, tailCount - firstPart).CopyTo(tailBytes.AsSpan(firstPart));
        var tailKept = tailBytes.AsSpan(LeadingContinuationBytes(tailBytes));

        var dropped = TotalBytes - headKept.Length - tailKept.Length;
        return string.Concat(
            Encoding.UTF8.GetString(headKept),
            string.Create(CultureInfo.InvariantCulture, $"\n…[hydra: {dropped} bytes truncated]…\n"),
            Encoding.UTF8.GetString(tailKept));
    }

    private void AppendTail(ReadOnlySpan<byte> data)
    {
        if (data.Length >= tailLimit)
        {
            EnsureCapacity(ref tail, tailLimit, tailLimit, 0);
            data[^tailLimit..].CopyTo(tail);
            tailStart = 0;
            tailCount = tailLimit;
            return;
        }

        if (tailCount + data.Length <= tailLimit)
        {
            // Still filling: nothing has been overwritten yet, so tailStart is 0 and the bytes are linear.
            EnsureCapacity(ref tail, tailCount + data.Length, tailLimit, tailCount);
            data.CopyTo(tail.AsSpan(tailCount));
            tailCount += data.Length;
            return;
        }

        EnsureCapacity(ref tail, tailLimit, tailLimit, tailCount);
        var write = (tailStart + tailCount) % tailLimit;
        var first = Math.Min(data.Length, tailLimit - write);
        data[..first].CopyTo(tail.AsSpan(write));
        data[first..].CopyTo(tail);
        var overwritten = tailCount + data.Length - tailLimit;
        tailStart = (tailStart + overwritten) % tailLimit;
        tailCount = tailLimit;
    }

    private static void EnsureCapacity(ref byte[] buffer, int needed, int limit, int used)
    {
        if (buffer.Length >= needed)
        {
            return;
        }

        var size = Math.Min(limit, Math.Max(needed, Math.Max(InitialBuffer, buffer.Length * 2)));
        var grown = new byte[size];
        buffer.AsSpan(0, used).CopyTo(grown);
        buffer = grown;
    }

    /// <summary>The length of <paramref name="bytes"/> without a trailing UTF-8 sequence the cut left incomplete.</summary>
    private static int CompleteCharactersLength(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(4, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return length > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }

    /// <summary>Continuation bytes at the start: the rest of a character whose first bytes were cut away.</summary>
    private static int LeadingContinuationBytes(ReadOnlySpan<byte> bytes)
    {
        var n = 0;
        while (n < Math.Min(3, bytes.Length) && (bytes[n] & 0xC0) == 0x80)
        {
            n++;
        }

        return n;
    }
}
