using Dapper;

namespace Hydra.Functions.Store;

/// <summary>
/// Newest-first keyset paging shared by the job and run lists: ORDER BY created_at DESC, id DESC, resumed
/// strictly after the cursor's (created_at, id), one extra row fetched to know whether another page exists.
/// The (…, created_at DESC, id DESC) indexes serve it on both engines.
/// </summary>
internal static class KeysetPage
{
    /// <summary>
    /// The SELECT for one page: <paramref name="conditions"/> (already parameterised in <paramref name="args"/>)
    /// AND the cursor condition, newest first, limited to the clamped limit plus one.
    /// </summary>
    public static string Sql(
        SqlEngine engine, string table, string columns, List<string> conditions, DynamicParameters args, string? cursor, int limit)
    {
        if (PageCursor.Decode(cursor) is { } after)
        {
            engine.AddTime(args, "CursorCreatedAt", after.CreatedAt);
            args.Add("CursorId", after.Id);
            conditions.Add("(created_at < @CursorCreatedAt OR (created_at = @CursorCreatedAt AND id < @CursorId))");
        }

        args.Add("PageLimit", PageCursor.ClampLimit(limit) + 1);
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        return $"SELECT {columns} FROM {table} {where} ORDER BY created_at DESC, id DESC LIMIT @PageLimit";
    }

    /// <summary>Drops the extra row, if any, and makes the cursor of the last item kept.</summary>
    public static Page<T> ToPage<T>(List<T> rows, int limit, Func<T, PageCursor> key)
    {
        var size = PageCursor.ClampLimit(limit);
        if (rows.Count <= size)
        {
            return new Page<T>(rows, null);
        }

        rows.RemoveRange(size, rows.Count - size);
        return new Page<T>(rows, key(rows[^1]).Encode());
    }

    /// <summary>A LIKE pattern matching <paramref name="search"/> as a literal substring (ESCAPE '\').</summary>
    public static string ContainsPattern(string search) =>
        "%" + search.ToLowerInvariant()
            .Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "%";
}
