using System.Data.Common;
using Hydra.Functions.Store;
using static Hydra.Tests.Store.StoreSamples;

namespace Hydra.Tests.Store;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Job_insert_then_get_returns_the_same_record()
    {
        var job = Job("job-a") with { NextRunAt = At(90.123), Enabled = false };
        await Jobs.InsertAsync(job, Ct);

        var stored = await Jobs.GetAsync("d1", "job-a", Ct);

        Assert.NotNull(stored);
        Assert.Equal(job with { Document = stored.Document }, stored);
        AssertSameJson(job.Document, stored.Document);
    }

    [Fact]
    public async Task Job_get_sees_its_own_domain_and_a_null_domain_sees_every_domain()
    {
        await Jobs.InsertAsync(Job("job-a", domain: "d1"), Ct);

        Assert.NotNull(await Jobs.GetAsync("d1", "job-a", Ct));
        Assert.NotNull(await Jobs.GetAsync(null, "job-a", Ct));
        Assert.Null(await Jobs.GetAsync("d2", "job-a", Ct));
        Assert.Null(await Jobs.GetAsync("d1", "job-missing", Ct));
    }

    [Fact]
    public async Task Job_list_is_newest_first_and_cursor_pages_cover_every_job_once()
    {
        // Two jobs share a created_at: id (descending) breaks the tie, across a page boundary too.
        string[] ids = ["job-1", "job-2", "job-3", "job-4", "job-5"];
        double[] seconds = [1, 2, 2, 3, 4];
        for (var i = 0; i < ids.Length; i++)
        {
            await Jobs.InsertAsync(Job(ids[i], createdAt: At(seconds[i])), Ct);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Jobs.ListAsync(new JobQuery("d1", null, 2, cursor), Ct);
            Assert.InRange(page.Items.Count, 1, 2);
            seen.AddRange(page.Items.Select(j => j.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(["job-5", "job-4", "job-3", "job-2", "job-1"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Job_list_of_a_domain_sees_only_it_and_a_null_domain_sees_all()
    {
        await Jobs.InsertAsync(Job("job-1", domain: "d1"), Ct);
        await Jobs.InsertAsync(Job("job-2", domain: "d2", createdAt: At(1)), Ct);

        var d1 = await Jobs.ListAsync(new JobQuery("d1", null, 50, null), Ct);
        var all = await Jobs.ListAsync(new JobQuery(null, null, 50, null), Ct);

        Assert.Equal(["job-1"], d1.Items.Select(j => j.Id));
        Assert.Equal(["job-2", "job-1"], all.Items.Select(j => j.Id));
        Assert.Null(all.NextCursor);
    }

    [Theory]
    [InlineData("BACKUP", new[] { "job-2", "job-1" })]
    [InlineData("ly b", new[] { "job-1" })]
    [InlineData("%", new[] { "job-3" })]
    [InlineData("_", new[] { "job-4" })]
    [InlineData(@"\", new[] { "job-6" })]
    [InlineData("nothing like it", new string[0])]
    public async Task Job_search_is_a_case_insensitive_substring_with_wildcards_taken_literally(string search, string[] expected)
    {
        string[] names = ["Nightly Backup", "backup-db", "100% done", "a_b", "axb", @"c:\temp"];
        for (var i = 0; i < names.Length; i++)
        {
            await Jobs.InsertAsync(Job($"job-{i + 1}", name: names[i], createdAt: At(i)), Ct);
        }

        var page = await Jobs.ListAsync(new JobQuery("d1", search, 50, null), Ct);

        Assert.Equal(expected, page.Items.Select(j => j.Id));
    }

    [Fact]
    public async Task Job_list_clamps_the_limit_between_1_and_500()
    {
        for (var i = 0; i < 3; i++)
        {
            await Jobs.InsertAsync(Job($"job-{i}", createdAt: At(i)), Ct);
        }

        var zero = await Jobs.ListAsync(new JobQuery("d1", null, 0, null), Ct);
        var huge = await Jobs.ListAsync(new JobQuery("d1", null, int.MaxValue, null), Ct);

        Assert.Single(zero.Items);
        Assert.NotNull(zero.NextCursor);
        Assert.Equal(3, huge.Items.Count);
        Assert.Null(huge.NextCursor);
    }

    [Fact]
    public async Task Job_list_rejects_a_cursor_it_did_not_make()
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Jobs.ListAsync(new JobQuery("d1", null, 10, "not-a-cursor!"), Ct));
        Assert.Equal("cursor", error.ParamName);
    }

    [Fact]
    public async Task Job_update_is_compare_and_set_on_the_version()
    {
        var job = Job("job-a");
        await Jobs.InsertAsync(job, Ct);
        var first = job with { Name = "renamed", Version = 2, UpdatedAt = At(5), NextRunAt = null };
        var second = job with { Name = "lost update", Version = 2, UpdatedAt = At(6) };

        Assert.True(await Jobs.UpdateAsync(first, expectedVersion: 1, Ct));
        Assert.False(await Jobs.UpdateAsync(second, expectedVersion: 1, Ct));

        var stored = await Jobs.GetAsync(null, "job-a", Ct);
        Assert.NotNull(stored);
        Assert.Equal(first with { Document = stored.Document }, stored);
    }

    [Fact]
    public async Task Job_update_must_raise_the_version()
    {
        await Jobs.InsertAsync(Job("job-a"), Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => Jobs.UpdateAsync(Job("job-a"), expectedVersion: 1, Ct));
    }

    [Fact]
    public async Task Job_delete_removes_the_definition_once_and_keeps_its_runs()
    {
        await Jobs.InsertAsync(Job("job-a"), Ct);
        await InsertRunAsync(Run("run-1", jobId: "job-a"));

        Assert.False(await Jobs.DeleteAsync("d2", "job-a", Ct));
        Assert.True(await Jobs.DeleteAsync("d1", "job-a", Ct));
        Assert.False(await Jobs.DeleteAsync(null, "job-a", Ct));

        Assert.Null(await Jobs.GetAsync(null, "job-a", Ct));
        Assert.Equal("job-a", (await GetRunAsync("run-1")).JobId);
    }

    [Fact]
    public async Task Job_document_must_be_json()
    {
        await Assert.ThrowsAnyAsync<DbException>(() => Jobs.InsertAsync(Job("job-a") with { Document = "{not json" }, Ct));
    }
}
