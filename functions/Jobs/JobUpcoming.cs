using System.Globalization;
using Hydra.Functions.Auth;
using Hydra.Functions.Http;
using Hydra.Functions.Store;

namespace Hydra.Functions.Jobs;

/// <summary>
/// GET /jobs?upcoming=true: enabled jobs due within <c>within</c> seconds (default an hour; overdue ones
/// included), soonest next_run_at first, as job documents. No cursor: the list is short by construction.
/// </summary>
internal static class JobUpcoming
{
    public const int DefaultWithinSeconds = 3600;
    public const int MaxWithinSeconds = 366 * 24 * 3600;

    public static bool Requested(string? upcoming) =>
        string.Equals(upcoming, "true", StringComparison.OrdinalIgnoreCase) || upcoming == "1";

    public static async Task<IResult> ListAsync(
        Caller caller, IScheduleStore schedules, TimeProvider time, int limit, string? within, CancellationToken ct)
    {
        var seconds = DefaultWithinSeconds;
        if (!string.IsNullOrWhiteSpace(within)
            && !(int.TryParse(within, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds is >= 1 and <= MaxWithinSeconds))
        {
            return Problems.BadRequest("within", $"must be a whole number of seconds from 1 to {MaxWithinSeconds}");
        }

        var until = time.GetUtcNow().AddSeconds(seconds);
        var jobs = await schedules.UpcomingAsync(caller.Scope, until, limit, ct);
        return Results.Json(jobs.Select(JobRecords.FromRecord).ToList(), Shared.Json.HydraJson.Options);
    }
}
