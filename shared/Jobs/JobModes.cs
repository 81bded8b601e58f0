namespace Hydra.Shared.Jobs;

/// <summary>The closed sets of words the job document uses, and its defaults.</summary>
public static class JobModes
{
    public const string Immediate = "immediate";
    public const string Interval = "interval";
    public const string Cron = "cron";
    public const string At = "at";

    public const string Shell = "shell";
    public const string Batch = "batch";
    public const string Python = "python";
    public const string External = "external";
    public const string Http = "http";

    public const int DefaultPriority = 5;
    public const int MinPriority = 0;
    public const int MaxPriority = 100;

    public static readonly IReadOnlyList<string> ScheduleModes = [Immediate, Interval, Cron, At];
    public static readonly IReadOnlyList<string> ExecutorTypes = [Shell, Batch, Python, External, Http];
    public static readonly IReadOnlyList<string> Shells = ["bash", "sh", "zsh", "pwsh", "powershell", "cmd"];
}
