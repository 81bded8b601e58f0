namespace Hydra.Shared.Jobs;

public sealed class ScheduleSpec
{
    /// <summary>immediate (default) | interval | cron | at.</summary>
    public string? Mode { get; set; }
    public int? IntervalSeconds { get; set; }
    /// <summary>5 fields, or 6 with seconds first (Cronos).</summary>
    public string? Cron { get; set; }
    /// <summary>IANA time zone for cron; default UTC.</summary>
    public string? Timezone { get; set; }
    public DateTimeOffset? StartAt { get; set; }
    public DateTimeOffset? EndAt { get; set; }
    /// <summary>Default true; false pauses the schedule.</summary>
    public bool? Enabled { get; set; }
    /// <summary>at mode: the one instant to run at; the schedule disables itself after it.</summary>
    public DateTimeOffset? RunAt { get; set; }
    /// <summary>What a late slot does: coalesce (default) | all | skip (see SchedulePolicies).</summary>
    public string? Misfire { get; set; }
    /// <summary>What a slot does while a run of the job is queued or running: allow (default) | forbid | replace.</summary>
    public string? Overlap { get; set; }
    /// <summary>misfire = all: how far back missed slots are still run, in seconds; default 3600.</summary>
    public int? CatchUpSeconds { get; set; }
    /// <summary>Server-computed; ignored on input.</summary>
    public DateTimeOffset? NextRunAt { get; set; }
}
