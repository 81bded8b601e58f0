using System.Reflection;
using Hydra.Shared.Redis;

namespace Hydra.WorkerHost.Hosting;

/// <summary>What this worker tells Redis about itself when it registers.</summary>
internal static class WorkerDescription
{
    private static readonly string Version =
        typeof(WorkerDescription).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static readonly DateTimeOffset ProcessStart = new(System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime());

    public static WorkerRegistration Registration(WorkerOptions options, TimeProvider time, WorkerCapabilities capabilities) => new()
    {
        Domain = options.Domain,
        WorkerId = options.WorkerId,
        Os = OsName(),
        Tags = options.Tags,
        AllowedUsers = options.AllowedUsers,
        Hostname = options.HostName,
        MaxConcurrency = options.MaxConcurrency,
        State = options.InitialState,
        Version = Version,
        StartedAt = ProcessStart > time.GetUtcNow() ? time.GetUtcNow() : ProcessStart,
        Capabilities = capabilities.ToJson(),
        TokenHash = options.DomainTokenHash,
    };

    public static string OsName() =>
        OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : OperatingSystem.IsLinux() ? "linux" : "unknown";
}
