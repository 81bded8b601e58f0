using System.Text.Json;
using Hydra.Functions.Store;
using Hydra.Shared.Jobs;
using Hydra.Shared.Json;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Secrets;

/// <summary>
/// Resolves a dispatch payload's secret references at the last moment, when it is pushed to Redis: the returned
/// copy carries the values and names the variables in <see cref="DispatchPayload.SecretEnv"/>; the payload stored on
/// the run is never touched, so the store keeps references only. A secret that is gone (or does not open) fails the
/// run with a reason instead of starting it without its credential.
/// </summary>
internal sealed class SecretResolver(ISecretStore secrets, SecretBox box)
{
    public async Task<DispatchPayload> ResolveAsync(DispatchPayload payload, CancellationToken ct)
    {
        if (payload.Executor.Env is not { } env || !env.Values.Any(v => v?.IsSecretReference == true))
        {
            return payload;
        }

        var copy = JsonSerializer.Deserialize(JsonSerializer.Serialize(payload, HydraJson.DispatchPayload), HydraJson.DispatchPayload)!;
        var resolved = new Dictionary<string, EnvValue>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var (name, value) in env)
        {
            if (value?.Secret is not { } secret)
            {
                resolved[name] = value!;
                continue;
            }

            var opened = await OpenAsync(payload.Domain, secret, ct);
            if (opened is null)
            {
                copy.DispatchError = box.Configured
                    ? $"secret '{secret}' (for env {name}) does not exist in domain '{payload.Domain}' or cannot be decrypted"
                    : $"secret '{secret}' (for env {name}) cannot be resolved: the function app has no HYDRA_SECRETS_KEY";
                copy.Executor.Env = env.Where(e => e.Value?.IsSecretReference != true).ToDictionary(e => e.Key, e => e.Value);
                copy.SecretEnv = null;
                return copy;
            }

            resolved[name] = EnvValue.FromString(opened);
            names.Add(name);
        }

        copy.Executor.Env = resolved;
        copy.SecretEnv = names;
        return copy;
    }

    private async Task<string?> OpenAsync(string domain, string secret, CancellationToken ct)
    {
        if (!box.Configured)
        {
            return null;
        }

        var sealedValue = await secrets.GetSealedAsync(domain, secret, ct);
        return sealedValue is null ? null : box.Open(domain, secret, sealedValue);
    }
}
