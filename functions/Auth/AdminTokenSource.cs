using Hydra.Functions.Store;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Auth;

/// <summary>
/// Holds the admin token's hash. From ADMIN_TOKEN when configured; otherwise the first instance to start
/// generates a token, stores only its hash in the store (insert-if-absent, so instances agree) and prints it once.
/// </summary>
internal sealed class AdminTokenSource(IOptions<AuthOptions> options, ISettingsStore settings, ILogger<AdminTokenSource> log)
{
    private const string SettingKey = "admin_token_sha256";
    private string? _hash;

    public string Hash => _hash ?? throw new InvalidOperationException("The admin token is not initialised yet.");

    public async Task InitializeAsync(CancellationToken ct)
    {
        var configured = options.Value.AdminToken;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _hash = TokenHash.Of(configured.Trim());
            return;
        }

        var candidate = TokenHash.NewToken();
        var stored = await settings.GetOrAddSettingAsync(SettingKey, TokenHash.Of(candidate), ct);
        _hash = stored;
        if (stored == TokenHash.Of(candidate))
        {
            // Printed to stdout (not only the log) so it is visible however logging is configured.
            Console.WriteLine($"ADMIN_TOKEN was not set; generated one (shown once, stored only as a hash): {candidate}");
        }
        else
        {
            log.LogInformation("ADMIN_TOKEN not set; using the admin token generated on an earlier start (hash in the store).");
        }
    }

    public bool IsAdmin(string token) => TokenHash.Matches(token, Hash);
}
