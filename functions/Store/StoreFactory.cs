using Microsoft.Extensions.DependencyInjection;

namespace Hydra.Functions.Store;

/// <summary>
/// Builds the store an <see cref="StoreOptions"/> names and registers it. The app calls
/// <c>services.AddHydraStore(configuration["HYDRA_STORE"])</c>, then, once at startup before serving,
/// <c>await app.Services.GetRequiredService&lt;IStoreInitializer&gt;().InitializeAsync(ct)</c> (migrations).
/// </summary>
internal static class StoreFactory
{
    public static SqlStore Create(StoreOptions options) => new(options.Engine switch
    {
        StoreOptions.Sqlite => new SqliteEngine(options.Target),
        StoreOptions.Postgres => new PostgresEngine(options.Target),
        _ => throw new ArgumentException($"Unknown store engine '{options.Engine}'.", nameof(options)),
    });

    /// <summary>
    /// Registers IJobStore, IRunStore, ISettingsStore, IStoreHealth and IStoreInitializer as singletons over one
    /// <see cref="SqlStore"/>. The setting is parsed here, so a bad HYDRA_STORE fails at startup, not at first use.
    /// </summary>
    public static IServiceCollection AddHydraStore(this IServiceCollection services, string? setting)
    {
        var options = StoreOptions.Parse(setting, Directory.GetCurrentDirectory());
        services.AddSingleton(options);
        services.AddSingleton(_ => Create(options));
        services.AddSingleton(sp => sp.GetRequiredService<SqlStore>().Jobs);
        services.AddSingleton(sp => sp.GetRequiredService<SqlStore>().Runs);
        services.AddSingleton(sp => sp.GetRequiredService<SqlStore>().Settings);
        services.AddSingleton(sp => sp.GetRequiredService<SqlStore>().Schedules);
        services.AddSingleton(sp => sp.GetRequiredService<SqlStore>().Domains);
        services.AddSingleton(sp => sp.GetRequiredService<SqlStore>().Secrets);
        services.AddSingleton(sp => sp.GetRequiredService<SqlStore>().Audit);
        services.AddSingleton(sp => sp.GetRequiredService<SqlStore>().Health);
        services.AddSingleton(sp => sp.GetRequiredService<SqlStore>().Initializer);
        return services;
    }
}
