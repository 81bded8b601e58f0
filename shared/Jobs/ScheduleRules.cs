using Hydra.Shared.Scheduling;

namespace Hydra.Shared.Jobs;

/// <summary>The schedule's rules: a known mode with what it needs, a known time zone, and a window that is not empty.</summary>
internal static class ScheduleRules
{
    public static void Check(ScheduleSpec schedule, FieldErrorList errors)
    {
        switch (schedule.Mode)
        {
            case null or JobModes.Immediate:
                break;
            case JobModes.Interval:
                if (schedule.IntervalSeconds is not >= 1)
                {
                    errors.Add("schedule.interval_seconds", "must be a whole number of seconds, at least 1, when mode is interval");
                }

                break;
            case JobModes.Cron:
                if (!CronSchedule.TryParse(schedule.Cron, out _, out var cronError))
                {
                    errors.Add("schedule.cron", cronError);
                }

                break;
            case JobModes.At:
                if (schedule.RunAt is null)
                {
                    errors.Add("schedule.run_at", "is required when mode is at: the instant to run once, e.g. 2026-03-29T02:30:00Z");
                }

                break;
            default:
                errors.Add("schedule.mode", $"must be one of {string.Join(", ", JobModes.ScheduleModes)}; got '{schedule.Mode}'");
                break;
        }

        if (!ScheduleZone.TryResolve(schedule.Timezone, out _))
        {
            errors.Add("schedule.timezone", $"must be a known IANA time zone such as Europe/Berlin or America/New_York; got '{schedule.Timezone}'");
        }

        SchedulePolicies.Check(schedule, errors);

        if (schedule is { StartAt: { } start, EndAt: { } end } && end <= start)
        {
            errors.Add("schedule.end_at", "must be after start_at");
        }
    }
}
