using System.Text.Json.Nodes;

namespace Hydra.Tests.Jobs;

/// <summary>Test bodies are written with single quotes so they read in attributes; this makes them JSON.</summary>
internal static class JobJson
{
    public const string HydraJobsExample =
        """{"name":"test-echo","user":"rich","affinity":{"os":["linux"],"tags":[],"allowed_users":["rich"]},"executor":{"type":"shell","script":"echo 'hello world'","shell":"bash"},"schedule":{"mode":"interval","interval_seconds":300,"enabled":true},"completion":{"exit_codes":[0],"stdout_contains":["hello"],"stdout_not_contains":[],"stderr_contains":[],"stderr_not_contains":[]},"retries":0,"timeout":10}""";

    public static string Quote(string singleQuoted) => singleQuoted.Replace('\'', '"');

    public static JsonNode Node(string json) => JsonNode.Parse(json)!;

    /// <summary>A valid minimal job with <paramref name="extraMembers"/> (single-quoted) added or replacing members.</summary>
    public static string Minimal(string extraMembers)
    {
        var job = Node("""{"name":"n","executor":{"type":"shell","script":"echo hi"}}""").AsObject();
        if (!string.IsNullOrEmpty(extraMembers))
        {
            foreach (var (key, value) in Node("{" + Quote(extraMembers) + "}").AsObject().ToList())
            {
                job[key] = value?.DeepClone();
            }
        }

        return job.ToJsonString();
    }
}
