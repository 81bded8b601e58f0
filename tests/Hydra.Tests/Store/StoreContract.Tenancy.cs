using Hydra.Functions.Store;
using static Hydra.Tests.Store.StoreSamples;

namespace Hydra.Tests.Store;

/// <summary>Domains, secrets and the audit log, on every engine.</summary>
public abstract partial class StoreContract
{
    private static DomainRecord Domain(string name, string? hash = null) =>
        new(name, $"The {name} domain", "for tests", hash, T0, T0);

    [Fact]
    public async Task A_domain_is_inserted_once_and_read_back_with_its_token_hash()
    {
        Assert.True(await Store.Domains.InsertAsync(Domain("d1", "aa11"), Ct));
        Assert.False(await Store.Domains.InsertAsync(Domain("d1", "bb22"), Ct));

        var stored = await Store.Domains.GetAsync("d1", Ct);
        Assert.Equal(Domain("d1", "aa11"), stored);
        Assert.Equal("d1", (await Store.Domains.FindByTokenHashAsync("aa11", Ct))?.Domain);
        Assert.Null(await Store.Domains.FindByTokenHashAsync("bb22", Ct));
    }

    [Fact]
    public async Task Rotating_a_domain_token_makes_the_old_hash_find_nothing()
    {
        await Store.Domains.InsertAsync(Domain("d1", "old"), Ct);

        Assert.True(await Store.Domains.SetTokenHashAsync("d1", "new", At(5), Ct));
        Assert.False(await Store.Domains.SetTokenHashAsync("missing", "x", At(5), Ct));

        Assert.Null(await Store.Domains.FindByTokenHashAsync("old", Ct));
        var found = await Store.Domains.FindByTokenHashAsync("new", Ct);
        Assert.Equal(At(5), found?.UpdatedAt);
    }

    [Fact]
    public async Task Domains_list_by_name_with_their_job_and_run_counts_and_update_their_descriptions()
    {
        await Store.Domains.InsertAsync(Domain("d2"), Ct);
        await Store.Domains.InsertAsync(Domain("d1"), Ct);
        await Jobs.InsertAsync(Job("job-a", domain: "d1"), Ct);
        await Jobs.InsertAsync(Job("job-b", domain: "d1"), Ct);
        await InsertRunAsync(Run("run-a", "job-a", domain: "d1"));

        Assert.True(await Store.Domains.UpdateAsync("d2", "Two", null, At(1), Ct));
        Assert.False(await Store.Domains.UpdateAsync("nope", "x", null, At(1), Ct));
        var list = await Store.Domains.ListAsync(Ct);

        Assert.Equal(["d1", "d2"], list.Select(d => d.Domain.Domain));
        Assert.Equal((2, 1), (list[0].JobsCount, list[0].RunsCount));
        Assert.Equal((0, 0), (list[1].JobsCount, list[1].RunsCount));
        Assert.Equal(("Two", null), (list[1].Domain.DisplayName, list[1].Domain.Description));
    }

    [Fact]
    public async Task Deleting_a_domain_removes_its_jobs_runs_and_secrets_and_nothing_of_another_domain()
    {
        foreach (var d in new[] { "d1", "d2" })
        {
            await Store.Domains.InsertAsync(Domain(d), Ct);
            await Jobs.InsertAsync(Job($"job-{d}", domain: d), Ct);
            await InsertRunAsync(Run($"run-{d}", $"job-{d}", domain: d));
            await Store.Secrets.PutAsync(d, "db", "sealed", T0, Ct);
        }

        Assert.True(await Store.Domains.DeleteAsync("d1", Ct));
        Assert.False(await Store.Domains.DeleteAsync("d1", Ct));

        Assert.Null(await Store.Domains.GetAsync("d1", Ct));
        Assert.Null(await Jobs.GetAsync(null, "job-d1", Ct));
        Assert.Null(await Runs.GetAsync(null, "run-d1", Ct));
        Assert.Empty(await Store.Secrets.ListAsync("d1", Ct));
        Assert.NotNull(await Jobs.GetAsync(null, "job-d2", Ct));
        Assert.NotNull(await Runs.GetAsync(null, "run-d2", Ct));
        Assert.Single(await Store.Secrets.ListAsync("d2", Ct));
    }

    [Fact]
    public async Task A_secret_is_put_replaced_listed_by_name_and_deleted_within_its_domain()
    {
        Assert.True(await Store.Secrets.PutAsync("d1", "db", "v1", T0, Ct));
        Assert.False(await Store.Secrets.PutAsync("d1", "db", "v2", At(3), Ct));
        await Store.Secrets.PutAsync("d1", "api", "v3", T0, Ct);
        await Store.Secrets.PutAsync("d2", "db", "other", T0, Ct);

        Assert.Equal("v2", await Store.Secrets.GetSealedAsync("d1", "db", Ct));
        Assert.Null(await Store.Secrets.GetSealedAsync("d3", "db", Ct));
        var listed = await Store.Secrets.ListAsync("d1", Ct);
        Assert.Equal(["api", "db"], listed.Select(s => s.Name));
        Assert.Equal((T0, At(3)), (listed[1].CreatedAt, listed[1].UpdatedAt));

        Assert.True(await Store.Secrets.DeleteAsync("d1", "db", Ct));
        Assert.False(await Store.Secrets.DeleteAsync("d1", "db", Ct));
        Assert.Equal("other", await Store.Secrets.GetSealedAsync("d2", "db", Ct));
    }

    [Fact]
    public async Task The_audit_log_lists_newest_first_filters_and_pages()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.Audit.AppendAsync(new AuditEntry($"a{i}", i % 2 == 0 ? "d1" : "d2", "admin", i < 3 ? "job.create" : "job.delete", $"job/{i}", At(i)), Ct);
        }

        var all = await Store.Audit.ListAsync(new AuditQuery(null, null, null, null, null, null, 2, null), Ct);
        Assert.Equal(["a4", "a3"], all.Items.Select(e => e.Id));
        var next = await Store.Audit.ListAsync(new AuditQuery(null, null, null, null, null, null, 2, all.NextCursor), Ct);
        Assert.Equal(["a2", "a1"], next.Items.Select(e => e.Id));

        var d1 = await Store.Audit.ListAsync(new AuditQuery("d1", null, "job.create", null, null, null, 10, null), Ct);
        Assert.Equal(["a2", "a0"], d1.Items.Select(e => e.Id));
        var window = await Store.Audit.ListAsync(new AuditQuery(null, "admin", null, null, At(1), At(3), 10, null), Ct);
        Assert.Equal(["a2", "a1"], window.Items.Select(e => e.Id));
        Assert.Equal(new AuditEntry("a3", "d2", "admin", "job.delete", "job/3", At(3)),
            (await Store.Audit.ListAsync(new AuditQuery(null, null, null, "job/3", null, null, 10, null), Ct)).Items.Single());
    }
}
