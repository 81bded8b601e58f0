namespace Hydra.Shared.Jobs;

public sealed class ScheduleSpec
{
    /// <summary>immediate (default) | interval | cron.</summary>
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
    /// <summary>Server-computed; ignored on input.</summary>
    public DateTimeOffset? NextRunAt { get; set; }
}
