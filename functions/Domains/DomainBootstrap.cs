using Hydra.Functions.Auth;
using Hydra.Functions.Store;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Domains;

/// <summary>
/// First start with an empty store: creates the bootstrap domain (HYDRA_BOOTSTRAP_DOMAIN, default <c>prod</c>) with a
/// fresh token, prints the token once and, when HYDRA_BOOTSTRAP_TOKEN_FILE is set, writes it there (mode 600) so
/// scripts/run.sh can start its worker with it. Never again afterwards: a settings marker remembers it happened, so
/// deleting every domain does not resurrect one on the next start. Two instances starting at once create it once
/// (the insert is insert-if-absent; only the winner prints and writes the token).
/// Then publishes every domain's token hash to Redis (best effort: Redis may come up later; the timer retries).
/// </summary>
internal sealed class DomainBootstrap(
    IDomainStore domains, ISettingsStore settings, IOptions<TenancyOptions> options, TimeProvider time,
    IServiceProvider services, ILogger<DomainBootstrap> log)
{
    private const string MarkerKey = "bootstrap_domain";

    public async Task InitializeAsync(CancellationToken ct)
    {
        if (await settings.GetSettingAsync(MarkerKey, ct) is null && (await domains.ListAsync(ct)).Count == 0)
        {
            await CreateAsync(ct);
        }

        try
        {
            var outcome = await DomainTokenSync.InvokeAsync(services, ct);
            log.LogDebug("Domain tokens at start: {Outcome}", outcome.Log);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning("Could not publish domain token hashes to Redis yet ({Error}); the DomainTokenSync timer retries", ex.Message);
        }
    }

    private async Task CreateAsync(CancellationToken ct)
    {
        var name = options.Value.BootstrapDomain;
        var token = TokenHash.NewToken();
        var now = time.GetUtcNow();
        var created = await domains.InsertAsync(
            new DomainRecord(name, name, "Created on first start", TokenHash.Of(token), now, now), ct);
        await settings.GetOrAddSettingAsync(MarkerKey, name, ct);
        if (!created)
        {
            return;
        }

        // Printed to stdout (not only the log) so it is visible however logging is configured.
        Console.WriteLine($"Created domain '{name}'. Its token (shown once, stored only as a hash): {token}");
        if (options.Value.BootstrapTokenFile is { } file)
        {
            WriteTokenFile(file, token);
            Console.WriteLine($"The token of domain '{name}' is also in {file}.");
        }
    }

    private static void WriteTokenFile(string file, string token)
    {
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(full, token);
            return;
        }

        // Created owner-only before the token is written, so it is never readable by others, not even briefly.
        using var stream = new FileStream(full, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(token);
    }
}
