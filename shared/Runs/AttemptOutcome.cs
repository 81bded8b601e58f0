namespace Hydra.Shared.Runs;

/// <summary>What a worker reports when an attempt ends. Status is one of <see cref="RunStatus"/>'s terminal words.</summary>
public sealed class AttemptOutcome
{
    public required string RunId { get; set; }
    public required string Domain { get; set; }
    public required int Attempt { get; set; }
    public required string LeaseToken { get; set; }
    public required string WorkerId { get; set; }
    public int Slot { get; set; }
    public required string Status { get; set; }
    public int? ReturnCode { get; set; }
    public string Stdout { get; set; } = "";
    public string Stderr { get; set; } = "";
    public required string CompletionReason { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset EndedAt { get; set; }
}
