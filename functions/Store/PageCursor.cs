using System.Buffers.Text;
using System.Text;

namespace Hydra.Functions.Store;

/// <summary>
/// The opaque keyset cursor of newest-first lists: base64url of "created_at|id" of the last item returned.
/// Keyset paging stays correct while rows are inserted between pages, unlike OFFSET.
/// </summary>
internal readonly record struct PageCursor(DateTimeOffset CreatedAt, string Id)
{
    public const int MaxLimit = 500;

    public static int ClampLimit(int limit) => Math.Clamp(limit, 1, MaxLimit);

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{StoreTime.ToText(CreatedAt)}|{Id}"));

    /// <summary>Null for a null or empty cursor (the first page).</summary>
    /// <exception cref="ArgumentException">The cursor was not produced by <see cref="Encode"/>.</exception>
    public static PageCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || bar == text.Length - 1 || !StoreTime.TryParseText(text[..bar], out var createdAt))
        {
            throw Invalid();
        }

        return new PageCursor(createdAt, text[(bar + 1)..]);
    }

    /// <summary>Whether <paramref name="cursor"/> is empty or one <see cref="Encode"/> made, for a 400 before the query.</summary>
    public static bool TryDecode(string? cursor)
    {
        try
        {
            Decode(cursor);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static ArgumentException Invalid() =>
        new("The cursor is not one this list returned; start again without it.", "cursor");
}
