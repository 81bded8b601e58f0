using System.Diagnostics.CodeAnalysis;
using Hydra.Functions.Store;

namespace Hydra.Tests.Store;

/// <summary>
/// The store's behaviour, written once and run unchanged against every engine (one subclass per engine, so
/// test names show which). Each test gets a database of its own, created and migrated before it and dropped
/// after it, so test classes run in parallel. The tests live in the StoreContract.*.cs parts by area.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xunit calls IAsyncLifetime.DisposeAsync, which disposes it.")]
public abstract partial class StoreContract : IAsyncLifetime
{
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

    private protected SqlStore Store { get; private set; } = null!;

    private protected IJobStore Jobs => Store.Jobs;

    private protected IRunStore Runs => Store.Runs;

    protected CancellationToken Ct => timeout.Token;

    /// <summary>sqlite | postgres: what IStoreHealth.Engine must say.</summary>
    protected abstract string ExpectedEngine { get; }

    /// <summary>A new, empty database (file or schema) that <see cref="DropDatabasesAsync"/> removes.</summary>
    private protected abstract Task<StoreOptions> NewDatabaseAsync();

    /// <summary>Options that name a database which cannot be reached.</summary>
    private protected abstract StoreOptions UnreachableDatabase();

    /// <summary>Removes every database <see cref="NewDatabaseAsync"/> made.</summary>
    protected abstract Task DropDatabasesAsync();

    public async Task InitializeAsync()
    {
        Store = StoreFactory.Create(await NewDatabaseAsync());
        await Store.Initializer.InitializeAsync(Ct);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await DropDatabasesAsync();
        timeout.Dispose();
    }

    /// <summary>Inserts the run and asserts it went in.</summary>
    private protected async Task<RunRecord> InsertRunAsync(RunRecord run)
    {
        Assert.True(await Runs.InsertAsync(run, Ct), $"run {run.Id} should insert");
        return run;
    }

    private protected async Task<RunRecord> GetRunAsync(string id) =>
        await Runs.GetAsync(null, id, Ct) ?? throw new Xunit.Sdk.XunitException($"run {id} is missing");
}
