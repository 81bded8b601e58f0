namespace Hydra.Functions.Runs;

/// <summary>Cutting stored output into pages without splitting a UTF-16 surrogate pair (an emoji stays whole).</summary>
internal static class OutputText
{
    /// <summary>The text from <paramref name="start"/> to <paramref name="end"/>, both moved back off the middle of a pair.</summary>
    public static string Slice(string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text[Boundary(text, start)..Boundary(text, end)];
    }

    /// <summary>The offset, clamped to the text and moved back by one when it would fall between a high and a low surrogate.</summary>
    public static int Boundary(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        return offset > 0 && offset < text.Length && char.IsLowSurrogate(text[offset]) && char.IsHighSurrogate(text[offset - 1])
            ? offset - 1
            : offset;
    }
}
