namespace Hydra.Functions.Store;

/// <summary>The app's own key/value settings; a value, once stored, is never replaced by GetOrAdd.</summary>
internal sealed class SqlSettingsStore(SqlEngine engine) : ISettingsStore
{
    public async Task<string?> GetSettingAsync(string key, CancellationToken ct) =>
        (await engine.QueryAsync("SELECT value FROM settings WHERE key = @Key", new { Key = key }, r => r.GetString(0), ct))
        .SingleOrDefault();

    public async Task<string> GetOrAddSettingAsync(string key, string value, CancellationToken ct)
    {
        // Insert-if-absent then read: two processes racing both end up with the first writer's value.
        await engine.ExecuteAsync(
            "INSERT INTO settings (key, value) VALUES (@Key, @Value) ON CONFLICT (key) DO NOTHING",
            new { Key = key, Value = value }, ct);
        return await GetSettingAsync(key, ct)
            ?? throw new InvalidOperationException($"Setting '{key}' vanished between its insert and its read.");
    }
}
