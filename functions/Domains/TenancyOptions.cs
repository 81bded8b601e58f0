using System.Globalization;

namespace Hydra.Functions.Domains;

/// <summary>Settings of domains, secrets and hostile-input limits.</summary>
internal sealed class TenancyOptions
{
    public const string DefaultBootstrapDomain = "prod";

    /// <summary>HYDRA_BOOTSTRAP_DOMAIN: the domain created on first start with an empty store.</summary>
    public string BootstrapDomain { get; set; } = DefaultBootstrapDomain;

    /// <summary>HYDRA_BOOTSTRAP_TOKEN_FILE: where the bootstrap domain's token is written (once, on creation), for scripts/run.sh.</summary>
    public string? BootstrapTokenFile { get; set; }

    /// <summary>HYDRA_SECRETS_KEY: 32 bytes as base64 or 64 hex characters; without it, secrets cannot be stored.</summary>
    public string? SecretsKey { get; set; }

    /// <summary>HYDRA_WRITE_RATE_PER_MINUTE: write requests per token per minute.</summary>
    public int WriteRatePerMinute { get; set; } = 600;

    public static TenancyOptions From(IConfiguration config)
    {
        var options = new TenancyOptions();
        var bootstrap = config["HYDRA_BOOTSTRAP_DOMAIN"];
        if (!string.IsNullOrWhiteSpace(bootstrap))
        {
            options.BootstrapDomain = DomainNames.Check(bootstrap.Trim()) is { } error
                ? throw new InvalidOperationException($"HYDRA_BOOTSTRAP_DOMAIN '{bootstrap}' {error}.")
                : bootstrap.Trim();
        }

        options.BootstrapTokenFile = string.IsNullOrWhiteSpace(config["HYDRA_BOOTSTRAP_TOKEN_FILE"]) ? null : config["HYDRA_BOOTSTRAP_TOKEN_FILE"]!.Trim();
        options.SecretsKey = string.IsNullOrWhiteSpace(config["HYDRA_SECRETS_KEY"]) ? null : config["HYDRA_SECRETS_KEY"]!.Trim();
        var rate = config["HYDRA_WRITE_RATE_PER_MINUTE"];
        if (!string.IsNullOrWhiteSpace(rate))
        {
            options.WriteRatePerMinute = int.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new InvalidOperationException($"HYDRA_WRITE_RATE_PER_MINUTE must be a positive whole number, not '{rate}'.");
        }

        return options;
    }
}
