namespace Hydra.Shared.Jobs;

/// <summary>
/// The words of a schedule's misfire and overlap policies, their defaults and their rules.
/// <list type="bullet">
/// <item>misfire (what slots that were due while nothing swept, e.g. during downtime, do):
/// <c>coalesce</c> (default) one run for all of them, marked as such; <c>all</c> every one still inside the
/// catch-up window, oldest first, a few per sweep; <c>skip</c> none, recorded as a <c>missed</c> run.</item>
/// <item>overlap (what a slot does while a run of the job is queued or running): <c>allow</c> (default) runs it
/// anyway; <c>forbid</c> records it as <c>skipped</c>; <c>replace</c> cancels the running one and starts it.</item>
/// </list>
/// </summary>
public static class SchedulePolicies
{
    public const string Coalesce = "coalesce";
    public const string All = "all";
    public const string Skip = "skip";

    public const string Allow = "allow";
    public const string Forbid = "forbid";
    public const string Replace = "replace";

    public const int DefaultCatchUpSeconds = 3600;
    public const int MaxCatchUpSeconds = 7 * 24 * 3600;

    public static readonly IReadOnlyList<string> MisfirePolicies = [Coalesce, All, Skip];
    public static readonly IReadOnlyList<string> OverlapPolicies = [Allow, Forbid, Replace];

    /// <summary>The catch-up window of misfire = all.</summary>
    public static TimeSpan CatchUpWindow(ScheduleSpec schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return TimeSpan.FromSeconds(schedule.CatchUpSeconds ?? DefaultCatchUpSeconds);
    }

    internal static void Check(ScheduleSpec schedule, FieldErrorList errors)
    {
        if (schedule.Misfire is { } misfire && !MisfirePolicies.Contains(misfire))
        {
            errors.Add("schedule.misfire", $"must be one of {string.Join(", ", MisfirePolicies)}; got '{misfire}'");
        }

        if (schedule.Overlap is { } overlap && !OverlapPolicies.Contains(overlap))
        {
            errors.Add("schedule.overlap", $"must be one of {string.Join(", ", OverlapPolicies)}; got '{overlap}'");
        }

        if (schedule.CatchUpSeconds is { } seconds and (< 1 or > MaxCatchUpSeconds))
        {
            errors.Add("schedule.catch_up_seconds", $"must be from 1 to {MaxCatchUpSeconds} seconds (7 days); got {seconds}");
        }
    }
}
