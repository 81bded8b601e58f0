using System.Text.Json;
using System.Text.Json.Nodes;
using Hydra.Shared.Jobs;
using Hydra.Shared.Json;

namespace Hydra.Functions.Jobs;

/// <summary>
/// Turns request JSON into a defaulted, validated job document, or the list of field errors. The PUT merge
/// (top-level fields replace the stored ones; nested objects are replaced whole) happens here too.
/// </summary>
internal static class JobInput
{
    /// <summary>Fields the server owns; a client's values for them are ignored.</summary>
    private static readonly string[] ServerFields = ["_id", "id", "domain", "created_at", "updated_at", "version"];

    public sealed record Parsed(JobDocument? Job, IReadOnlyList<FieldError> Errors)
    {
        public bool Ok => Job is not null && Errors.Count == 0;
    }

    public static Parsed FromBody(byte[] body) => Finish(JobDocumentReader.Read(body));

    public static Parsed FromObject(JsonObject merged) => Finish(JobDocumentReader.Read(merged));

    /// <summary>The body as a JSON object, or the errors explaining why it is not one.</summary>
    public static (JsonObject? Object, IReadOnlyList<FieldError> Errors) ReadObject(byte[] body)
    {
        var read = JobDocumentReader.ReadObject(body);
        return (read.Value, read.Errors);
    }

    /// <summary>Shallow merge: each top-level field of the patch replaces the stored one.</summary>
    public static JsonObject Merge(JobDocument stored, JsonObject patch)
    {
        var merged = JsonSerializer.SerializeToNode(stored, HydraJson.JobDocument)!.AsObject();
        foreach (var (name, value) in patch)
        {
            if (!ServerFields.Contains(name, StringComparer.Ordinal))
            {
                merged[name] = value?.DeepClone();
            }
        }

        return merged;
    }

    public static int CountClientFields(JsonObject patch) =>
        patch.Count(p => !ServerFields.Contains(p.Key, StringComparer.Ordinal));

    private static Parsed Finish(JobReadResult<JobDocument> read)
    {
        if (!read.IsSuccess)
        {
            return new Parsed(null, read.Errors);
        }

        var job = read.Value;
        JobDefaults.Apply(job);
        var errors = JobValidator.Validate(job);
        return new Parsed(errors.Count == 0 ? job : null, errors);
    }
}
