using System.Text.Json;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;
using Hydra.Shared.Json;

namespace Hydra.Functions.Jobs;

/// <summary>Maps the API's job document to the store's row (scalar columns + the JSON document) and back.</summary>
internal static class JobRecords
{
    public static JobRecord ToRecord(JobDocument job) => new(
        Id: job.Id!,
        Domain: job.Domain!,
        Name: job.Name!,
        Enabled: job.Schedule?.Enabled ?? true,
        NextRunAt: job.Schedule?.NextRunAt,
        CreatedAt: job.CreatedAt!.Value,
        UpdatedAt: job.UpdatedAt!.Value,
        Version: job.Version ?? 1,
        Document: JsonSerializer.Serialize(job, HydraJson.JobDocument));

    public static JobDocument FromRecord(JobRecord record)
    {
        var job = JsonSerializer.Deserialize(record.Document, HydraJson.JobDocument)
            ?? throw new InvalidDataException($"Job {record.Id} has an empty document in the store.");
        // The scalar columns are authoritative for what the store owns.
        job.Id = record.Id;
        job.Domain = record.Domain;
        job.CreatedAt = record.CreatedAt;
        job.UpdatedAt = record.UpdatedAt;
        job.Version = record.Version;
        job.Schedule ??= new ScheduleSpec();
        job.Schedule.NextRunAt = record.NextRunAt;
        return job;
    }

    /// <summary>Job ids are 32 lower-case hex characters; anything else cannot exist (and answers 404).</summary>
    public static bool IsWellFormedId(string id) =>
        id.Length == 32 && id.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

    public static string NewId() => Guid.NewGuid().ToString("N");
}
