namespace Hydra.Shared.Redis;

internal enum DispatchOutcome
{
    /// <summary>Pushed to <see cref="DispatchResult.WorkerId"/>'s queue and the worker woken.</summary>
    Dispatched,
    /// <summary>No eligible worker now: the run waits in the domain's pending set.</summary>
    Pending,
    /// <summary>Redis already had the run; nothing changed. <see cref="DispatchResult.Status"/> says where it is.</summary>
    AlreadyKnown,
}

/// <summary>What a dispatch did. For <see cref="DispatchOutcome.AlreadyKnown"/>, the run's Redis status and worker.</summary>
internal sealed record DispatchResult(DispatchOutcome Outcome, string? WorkerId, string Status)
{
    public static DispatchResult Parse(string[] reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply[0] switch
        {
            "dispatched" => new DispatchResult(DispatchOutcome.Dispatched, reply[1], RedisRunState.Dispatched),
            "pending" => new DispatchResult(DispatchOutcome.Pending, null, RedisRunState.Pending),
            "known" => new DispatchResult(DispatchOutcome.AlreadyKnown, reply[2].Length == 0 ? null : reply[2], reply[1]),
            _ => throw new InvalidOperationException($"dispatch.lua answered '{reply[0]}'."),
        };
    }
}
