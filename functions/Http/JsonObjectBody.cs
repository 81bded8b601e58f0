using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Hydra.Shared.Json;

namespace Hydra.Functions.Http;

/// <summary>
/// A small JSON object body (domains, secrets): read with the size cap, checked for UTF-8, syntax, shape and depth,
/// and its fields read with their types checked, each failure a 4xx naming the field — never an exception.
/// </summary>
internal sealed class JsonObjectBody
{
    private readonly JsonObject _object;
    private readonly List<Shared.Jobs.FieldError> _errors = [];

    private JsonObjectBody(JsonObject body) => _object = body;

    public IReadOnlyList<Shared.Jobs.FieldError> Errors => _errors;

    public static async Task<(JsonObjectBody? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var read = await JsonRequestBody.ReadAsync(request, ct);
        if (read.Problem is not null)
        {
            return (null, read.Problem);
        }

        var bytes = read.Body!;
        if (!Utf8.IsValid(bytes))
        {
            return (null, Problems.BadRequest("body", "is not valid UTF-8"));
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = HydraJson.MaxDepth });
            // JsonObject builds its dictionary lazily; build it here, where a duplicate field is a 400, not later as a 500.
            _ = (node as JsonObject)?.Count;
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest("body", $"is not valid JSON (or nests deeper than {HydraJson.MaxDepth} levels): {ex.Message}"));
        }
        catch (ArgumentException ex)
        {
            return (null, Problems.BadRequest("body", $"names a field twice: {ex.Message}"));
        }

        return node is JsonObject body
            ? (new JsonObjectBody(body), null)
            : (null, Problems.BadRequest("body", "must be a JSON object"));
    }

    public bool Has(string field) => _object.ContainsKey(field);

    /// <summary>A string field (null when absent or null); a wrong type or length is recorded in <see cref="Errors"/>.</summary>
    public string? String(string field, int maxLength)
    {
        if (!_object.TryGetPropertyValue(field, out var value) || value is null)
        {
            return null;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            _errors.Add(new(field, $"must be a string, not {value.GetValueKind().ToString().ToLowerInvariant()}"));
            return null;
        }

        var text = value.GetValue<string>();
        if (text.Length > maxLength)
        {
            _errors.Add(new(field, $"must be at most {maxLength} characters; got {text.Length}"));
            return null;
        }

        return text;
    }

    public void Fail(string field, string message) => _errors.Add(new(field, message));
}
