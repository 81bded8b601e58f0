using System.Text;
using Hydra.WorkerHost.Execution;

namespace Hydra.Tests.Execution;

public sealed class OutputCaptureTests
{
    [Fact]
    public void Output_within_the_cap_is_kept_whole_even_across_many_appends()
    {
        var capture = new OutputCapture(10);
        foreach (var piece in new[] { "ab", "cde", "", "fghij" })
        {
            capture.Append(Encoding.UTF8.GetBytes(piece));
        }

        Assert.Equal("abcdefghij", capture.Render());
        Assert.False(capture.Truncated);
        Assert.Equal(10, capture.TotalBytes);
    }

    [Fact]
    public void Output_over_the_cap_keeps_head_and_tail_around_a_marker_with_the_dropped_count()
    {
        var capture = new OutputCapture(8);
        foreach (var piece in new[] { "01", "23456", "789", "abcdef" })
        {
            capture.Append(Encoding.UTF8.GetBytes(piece));
        }

        Assert.Equal("0123\n…[hydra: 8 bytes truncated]…\ncdef", capture.Render());
        Assert.True(capture.Truncated);
        Assert.Equal(16, capture.TotalBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void The_tail_is_the_last_bytes_whatever_the_chunk_size(int chunk)
    {
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + (i % 26))));
        var bytes = Encoding.UTF8.GetBytes(text);
        var capture = new OutputCapture(100);
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            capture.Append(bytes.AsSpan(offset, Math.Min(chunk, bytes.Length - offset)));
        }

        Assert.Equal($"{text[..50]}\n…[hydra: 2900 bytes truncated]…\n{text[^50..]}", capture.Render());
    }

    [Fact]
    public void Memory_held_never_exceeds_the_cap_however_much_is_appended()
    {
        var capture = new OutputCapture(1024);
        var chunk = new byte[777];
        for (var i = 0; i < 10_000; i++)
        {
            capture.Append(chunk);
            Assert.True(capture.HeldBytes <= 1024);
        }

        Assert.Equal(7_770_000, capture.TotalBytes);
    }

    [Fact]
    public void Characters_cut_by_the_head_or_tail_edge_are_dropped_whole_not_mangled()
    {
        // "€" is 3 bytes: with a 4-byte head the second one is cut after 1 byte, and the tail starts inside one.
        var capture = new OutputCapture(8);
        capture.Append(Encoding.UTF8.GetBytes("€€x€€€"));

        var text = capture.Render();

        Assert.DoesNotContain('\uFFFD', text);
        Assert.Equal("€\n…[hydra: 10 bytes truncated]…\n€", text);
    }

    [Fact]
    public void A_cap_below_two_bytes_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OutputCapture(1));
    }
}
