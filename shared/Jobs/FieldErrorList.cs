using System.Globalization;

namespace Hydra.Shared.Jobs;

/// <summary>Collects every broken rule with its path; the checks the validators share live here.</summary>
internal sealed class FieldErrorList
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    public void Range(string field, int? value, int min, int max, string unit = "")
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}{unit}; got {v}"));
        }
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be at most {max} characters long; got {value.Length}"));
        }
    }

    /// <summary>A list of short strings: bounded count, no nulls, bounded entries.</summary>
    public void Entries(string field, IReadOnlyList<string?>? values, int maxCount, int maxLength)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count > maxCount)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must have at most {maxCount} entries; got {values.Count}"));
        }

        for (var i = 0; i < values.Count; i++)
        {
            var entry = string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]");
            if (values[i] is null)
            {
                Add(entry, "must be a string, not null");
            }
            else
            {
                MaxLength(entry, values[i], maxLength);
            }
        }
    }
}
