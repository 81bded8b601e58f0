using System.Diagnostics.CodeAnalysis;

namespace Hydra.Shared.Scheduling;

/// <summary>
/// Resolves a schedule's time zone. IANA ids are the contract; Windows ids resolve too, because .NET maps them
/// on every OS and refusing a zone the machine knows helps nobody. Missing or blank means UTC.
/// </summary>
internal static class ScheduleZone
{
    public static bool TryResolve(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }

        // "Local" names whatever machine evaluates the schedule, which differs between API, sweeps and workers.
        if (string.Equals(id.Trim(), "Local", StringComparison.OrdinalIgnoreCase))
        {
            zone = null;
            return false;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out zone);
    }
}
