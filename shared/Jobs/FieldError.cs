namespace Hydra.Shared.Jobs;

/// <summary>
/// One broken rule of a request body. <see cref="Field"/> is a snake_case path (<c>executor.script</c>,
/// <c>affinity.tags[2]</c>), or <see cref="Body"/> when the body as a whole is wrong; <see cref="Message"/> is a
/// predicate naming the rule (<c>must be a string</c>), so "<c>{Field} {Message}</c>" reads as a sentence.
/// </summary>
public sealed record FieldError(string Field, string Message)
{
    /// <summary>The field of errors about the whole body (not JSON, not an object), as JSON Path names the root.</summary>
    public const string Body = "$";

    public override string ToString() => Field == Body ? $"The request body {Message}" : $"{Field} {Message}";

    /// <summary>The <c>errors</c> member of a validation problem+json: every message under its field.</summary>
    public static Dictionary<string, string[]> ToProblemErrors(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>One sentence for the problem's <c>detail</c>, which is what the hydra-jobs UI shows.</summary>
    public static string Describe(IReadOnlyCollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count switch
        {
            0 => "The job is valid.",
            1 => $"{errors.First()}.",
            _ => $"{errors.First()}; and {errors.Count - 1} more problem{(errors.Count == 2 ? "" : "s")}.",
        };
    }
}
