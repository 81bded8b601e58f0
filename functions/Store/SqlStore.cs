namespace Hydra.Functions.Store;

/// <summary>
/// One engine's store: the small interfaces callers depend on, all over one <see cref="SqlEngine"/> (one
/// connection pool). Disposing it releases the pool.
/// </summary>
internal sealed class SqlStore : IAsyncDisposable
{
    public SqlStore(SqlEngine engine)
    {
        Engine = engine;
        Jobs = new SqlJobStore(engine);
        Runs = new SqlRunStore(engine);
        Schedules = new SqlScheduleStore(engine);
        Settings = new SqlSettingsStore(engine);
        Domains = new SqlDomainStore(engine);
        Secrets = new SqlSecretStore(engine);
        Audit = new SqlAuditStore(engine);
        Migrator = new StoreMigrator(engine);
    }

    public SqlEngine Engine { get; }

    public IJobStore Jobs { get; }

    public IRunStore Runs { get; }

    public ISettingsStore Settings { get; }

    public IScheduleStore Schedules { get; }

    public IDomainStore Domains { get; }

    public ISecretStore Secrets { get; }

    public IAuditStore Audit { get; }

    public IStoreHealth Health => Engine;

    public StoreMigrator Migrator { get; }

    public IStoreInitializer Initializer => Migrator;

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
