using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Hydra.Shared.Scheduling;

/// <summary>
/// The one place a job's cron text becomes a <see cref="CronExpression"/>, so the validator and the scheduler
/// can never disagree about what parses. Five fields (minute first) is the standard; six means seconds first
/// (<see cref="CronFormat.IncludeSeconds"/>); macros (<c>@daily</c>) and Cronos's L, W and # are accepted.
/// </summary>
internal static class CronSchedule
{
    private const string Shape =
        "must be a 5-field cron expression (minute hour day-of-month month day-of-week), " +
        "a 6-field one with seconds first, or a macro such as @daily";

    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out CronExpression? expression,
        [NotNullWhen(false)] out string? error)
    {
        expression = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"is required: {Shape}";
            return false;
        }

        var trimmed = text.Trim();
        var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        CronFormat format;
        if (trimmed.StartsWith('@') || fields == 5)
        {
            format = CronFormat.Standard;
        }
        else if (fields == 6)
        {
            format = CronFormat.IncludeSeconds;
        }
        else
        {
            error = $"{Shape}; '{trimmed}' has {fields} field{(fields == 1 ? "" : "s")}";
            return false;
        }

        try
        {
            expression = CronExpression.Parse(trimmed, format);
            error = null;
            return true;
        }
        catch (CronFormatException ex)
        {
            // Cronos leads every message with the same sentence; the part after it names the field and the rule.
            var detail = ex.Message.Replace("The given cron expression has an invalid format. ", "", StringComparison.Ordinal);
            error = $"{Shape}: {detail.TrimEnd('.')}";
            return false;
        }
    }
}
