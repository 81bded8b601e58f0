using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Hydra.Shared.Json;

namespace Hydra.Shared.Jobs;

/// <summary>
/// Reads a request body into a <see cref="JobDocument"/>, or into the reasons it cannot: not UTF-8, not JSON,
/// not an object, nested too deep, or a field of the wrong type (reported by its path). Never throws for bad
/// input, so the API answers 400 with a field name instead of 500. Rules beyond types belong to
/// <see cref="JobValidator"/>.
/// </summary>
internal static class JobDocumentReader
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public static JobReadResult<JobDocument> Read(ReadOnlySpan<byte> body)
    {
        body = WithoutByteOrderMark(body);
        if (CheckIsObject(body) is { } error)
        {
            return JobReadResult<JobDocument>.Failure(error);
        }

        try
        {
            var document = JsonSerializer.Deserialize(body, HydraJson.JobDocument);
            return document is null
                ? JobReadResult<JobDocument>.Failure(new FieldError(FieldError.Body, "must be a JSON object"))
                : JobReadResult<JobDocument>.Success(document);
        }
        catch (JsonException ex)
        {
            return JobReadResult<JobDocument>.Failure(new FieldError(
                JsonFieldPath.ToField(ex.Path), JsonFieldPath.DescribeExpected(HydraJson.JobDocument, ex.Path)));
        }
    }

    public static JobReadResult<JobDocument> Read(byte[] body) => Read(body.AsSpan());

    public static JobReadResult<JobDocument> Read(string body) => Read(Encoding.UTF8.GetBytes(body ?? ""));

    /// <summary>
    /// Reads a document the API assembled itself, such as a stored job shallow-merged with a PUT body
    /// (<see cref="ReadObject"/>), with the same checks and field paths as a body.
    /// </summary>
    public static JobReadResult<JobDocument> Read(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        try
        {
            // Deeper than any reader accepts, so the depth error comes from the same check as for a body.
            using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = HydraJson.MaxDepth * 4 });
            document.WriteTo(writer);
        }
        catch (InvalidOperationException)
        {
            return JobReadResult<JobDocument>.Failure(TooDeep());
        }

        return Read(buffer.WrittenSpan);
    }

    /// <summary>Reads a body as a JSON object without binding it, for a merge before <see cref="Read(JsonObject)"/>.</summary>
    public static JobReadResult<JsonObject> ReadObject(ReadOnlySpan<byte> body)
    {
        body = WithoutByteOrderMark(body);
        if (CheckIsObject(body) is { } error)
        {
            return JobReadResult<JsonObject>.Failure(error);
        }

        // The scan above proved it is a well-formed object within the depth limit.
        var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = HydraJson.MaxDepth })!.AsObject();
        try
        {
            // JsonObject builds its dictionary lazily; a field named twice would throw later, mid-merge, as a 500.
            _ = node.Count;
        }
        catch (ArgumentException)
        {
            return JobReadResult<JsonObject>.Failure(new FieldError(FieldError.Body, "names the same field twice"));
        }

        return JobReadResult<JsonObject>.Success(node);
    }

    /// <summary>Checks what the serializer would report without a field: encoding, syntax, shape and depth.</summary>
    private static FieldError? CheckIsObject(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            return new FieldError(FieldError.Body, "is not valid UTF-8");
        }

        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new FieldError(FieldError.Body, "is empty; send a JSON object");
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions
        {
            // One more than the limit, so that exceeding the limit is seen here rather than as a syntax error.
            MaxDepth = HydraJson.MaxDepth + 1,
            CommentHandling = JsonCommentHandling.Disallow,
        });
        try
        {
            if (reader.Read() && reader.TokenType != JsonTokenType.StartObject)
            {
                return new FieldError(FieldError.Body, $"must be a JSON object, not {Describe(reader.TokenType)}");
            }

            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                    && reader.CurrentDepth >= HydraJson.MaxDepth)
                {
                    return TooDeep();
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            return new FieldError(FieldError.Body, $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {Reason(ex)}");
        }
    }

    private static FieldError TooDeep() =>
        new(FieldError.Body, $"nests objects and arrays deeper than {HydraJson.MaxDepth} levels");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "this value",
    };

    // The reader's message ends with its own position; ours leads with a one-based one.
    private static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd(' ', '.', '|');
    }

    private static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> body) =>
        body.StartsWith(ByteOrderMark) ? body[ByteOrderMark.Length..] : body;
}
