namespace Hydra.Tests.Shipping;

/// <summary>
/// worker-host/deploy/hydra-worker.service, the unit the README installs and the Bicep cloud-init embeds. systemd is
/// not running here, so the unit is checked against what the worker does: READY=1 via Microsoft.Extensions.Hosting.Systemd,
/// a stop that lets running attempts finish, and an environment file with worker settings only.
/// </summary>
public sealed class SystemdUnitTests
{
    private const int DefaultShutdownGraceSeconds = 30;
    private const int HostShutdownMarginSeconds = 15;

    [Fact]
    public void The_unit_runs_the_single_file_worker_as_a_notify_service_that_restarts_and_stops_gracefully()
    {
        var unit = Parse(RepoFiles.ReadText("worker-host", "deploy", "hydra-worker.service"));
        var service = unit["Service"];
        Assert.Equal("notify", service["Type"]);
        Assert.Equal("/opt/hydra/Hydra.WorkerHost", service["ExecStart"]);
        Assert.Equal("/etc/hydra/worker.env", service["EnvironmentFile"]);
        Assert.Equal("always", service["Restart"]);
        Assert.Equal("mixed", service["KillMode"]);
        Assert.NotEqual("root", service["User"]);
        var stop = int.Parse(service["TimeoutStopSec"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(stop > DefaultShutdownGraceSeconds + HostShutdownMarginSeconds, $"TimeoutStopSec={stop} cuts off the shutdown grace");
        Assert.Equal("multi-user.target", unit["Install"]["WantedBy"]);
    }

    [Fact]
    public void The_example_environment_file_sets_only_worker_settings()
    {
        var documented = ReadmeSettings.WorkerHost;
        var lines = RepoFiles.ReadText("worker-host", "deploy", "worker.env.example").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains(l.Split('=')[0], documented));
        var grace = lines.Single(l => l.StartsWith("SHUTDOWN_GRACE_SECONDS=", StringComparison.Ordinal)).Split('=')[1];
        Assert.Equal(DefaultShutdownGraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), grace);
    }

    [Fact]
    public void The_worker_program_registers_with_systemd_and_the_windows_service_manager()
    {
        var program = RepoFiles.ReadText("worker-host", "Program.cs");
        Assert.Contains("AddSystemd()", program, StringComparison.Ordinal);
        Assert.Contains("AddWindowsService(", program, StringComparison.Ordinal);
    }

    private static Dictionary<string, Dictionary<string, string>> Parse(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = sections[line[1..^1]] = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }

            Assert.NotNull(current);
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            current![line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return sections;
    }
}
