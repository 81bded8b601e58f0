using Hydra.Functions.Store;
using static Hydra.Tests.Store.StoreSamples;

namespace Hydra.Tests.Store;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Setting_get_or_add_keeps_the_first_value()
    {
        Assert.Null(await Store.Settings.GetSettingAsync("admin_token_hash", Ct));

        Assert.Equal("first", await Store.Settings.GetOrAddSettingAsync("admin_token_hash", "first", Ct));
        Assert.Equal("first", await Store.Settings.GetOrAddSettingAsync("admin_token_hash", "second", Ct));
        Assert.Equal("first", await Store.Settings.GetSettingAsync("admin_token_hash", Ct));
    }

    [Fact]
    public async Task Setting_get_or_add_race_gives_every_caller_the_same_value()
    {
        var values = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Store.Settings.GetOrAddSettingAsync("k", $"v{i}", Ct)));

        Assert.Single(values.Distinct());
        Assert.Equal(values[0], await Store.Settings.GetSettingAsync("k", Ct));
    }

    [Fact]
    public async Task Health_names_the_engine_and_pings()
    {
        Assert.Equal(ExpectedEngine, Store.Health.Engine);
        Assert.True(await Store.Health.PingAsync(Ct));
    }

    [Fact]
    public async Task Health_ping_is_false_when_the_database_cannot_be_reached()
    {
        await using var unreachable = StoreFactory.Create(UnreachableDatabase());

        Assert.False(await unreachable.Health.PingAsync(Ct));
    }

    [Fact]
    public async Task Migrations_run_again_apply_nothing()
    {
        await Jobs.InsertAsync(Job("job-a"), Ct);

        await Store.Initializer.InitializeAsync(Ct);
        await Store.Initializer.InitializeAsync(Ct);

        var embedded = StoreMigrator.Migrations(Store.Engine.MigrationFolder).Select(m => m.Version);
        Assert.Equal(embedded, await Store.Migrator.AppliedVersionsAsync(Ct));
        Assert.NotNull(await Jobs.GetAsync(null, "job-a", Ct));
    }

    [Fact]
    public async Task Migrations_started_together_by_several_processes_all_succeed_once()
    {
        var options = await NewDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => StoreFactory.Create(options)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.Initializer.InitializeAsync(Ct))));

            var embedded = StoreMigrator.Migrations(Store.Engine.MigrationFolder).Select(m => m.Version);
            Assert.Equal(embedded, await stores[0].Migrator.AppliedVersionsAsync(Ct));
            await stores[1].Jobs.InsertAsync(Job("job-a"), Ct);
            Assert.NotNull(await stores[2].Jobs.GetAsync(null, "job-a", Ct));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }
}
