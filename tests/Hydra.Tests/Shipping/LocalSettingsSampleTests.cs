using System.Text.Json.Nodes;

namespace Hydra.Tests.Shipping;

/// <summary>functions/local.settings.sample.json: what `func start` needs, and only settings the app reads.</summary>
public sealed class LocalSettingsSampleTests
{
    [Fact]
    public void The_sample_runs_the_custom_handler_on_azurite_with_the_apps_settings_on_port_7071()
    {
        var sample = JsonNode.Parse(RepoFiles.ReadText("functions", "local.settings.sample.json"))!.AsObject();
        Assert.False(sample["IsEncrypted"]!.GetValue<bool>());
        var values = sample["Values"]!.AsObject();
        Assert.Equal("custom", values["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]!.GetValue<string>());
        foreach (var required in new[] { "REDIS_URL", "HYDRA_STORE", "ADMIN_TOKEN" })
        {
            Assert.True(values.ContainsKey(required), $"the sample has no {required}");
        }

        var documented = ReadmeSettings.FunctionApp;
        Assert.All(values, kv =>
        {
            Assert.True(kv.Value is JsonValue v && v.TryGetValue<string>(out _), $"{kv.Key}: local settings values must be strings");
            Assert.True(documented.Contains(kv.Key) || kv.Key is "FUNCTIONS_WORKER_RUNTIME" or "AzureWebJobsStorage", $"{kv.Key} is not a setting the app reads");
            Assert.DoesNotContain("__", kv.Key, StringComparison.Ordinal);
        });

        var host = sample["Host"]!.AsObject();
        Assert.Equal(7071, host["LocalHttpPort"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(host["CORS"]?.GetValue<string>()));
    }
}
