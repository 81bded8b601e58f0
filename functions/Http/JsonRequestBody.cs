using System.Buffers;

namespace Hydra.Functions.Http;

/// <summary>
/// Reads a JSON request body with a hard cap, so an oversize or wrongly typed body is a 4xx problem
/// before any parsing happens.
/// </summary>
internal static class JsonRequestBody
{
    public const int MaxBytes = 1024 * 1024;

    public sealed record Result(byte[]? Body, IResult? Problem);

    public static async Task<Result> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var contentType = request.ContentType;
        if (!string.IsNullOrEmpty(contentType) && !IsJson(contentType))
        {
            return new Result(null, Problems.UnsupportedMediaType(
                $"The body must be JSON (Content-Type: application/json), not '{contentType}'."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return new Result(null, TooLarge());
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, ct);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes)
            {
                return new Result(null, TooLarge());
            }
        }

        if (buffer.WrittenCount == 0)
        {
            return new Result(null, Problems.BadRequest("body", "The request body is empty; send a JSON object."));
        }

        return new Result(buffer.WrittenSpan.ToArray(), null);
    }

    private static bool IsJson(string contentType)
    {
        var media = contentType.Split(';', 2)[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/json", StringComparison.OrdinalIgnoreCase);
    }

    private static IResult TooLarge() =>
        Problems.TooLarge($"The request body is larger than {MaxBytes / 1024} KiB.");
}
