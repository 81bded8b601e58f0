using System.IO.Compression;
using System.Text.Json.Nodes;
using Hydra.Functions.Catalog;

namespace Hydra.Tests.Shipping;

/// <summary>
/// The zip scripts/package.sh builds for zip deploy / run-from-package: host.json and the function folders at its
/// root, the self-contained linux-x64 handler beside them, and Unix mode bits on every entry — the Linux wwwroot is
/// read-only, so a handler that arrives without its executable bit cannot be fixed with chmod there.
/// </summary>
public sealed class FunctionPackageZipTests
{
    private const int RegularFile = 0x8000;
    private const int ExecutableBits = 0b001_001_001;

    [Fact]
    public void The_zip_holds_host_json_and_one_function_json_per_function_of_the_table_at_its_root()
    {
        using var zip = ZipFile.OpenRead(RepoFiles.RequireArtifact(RepoFiles.FunctionsZip));
        var entries = zip.Entries.ToDictionary(e => e.FullName, StringComparer.Ordinal);

        foreach (var (path, expected) in FunctionManifest.Render())
        {
            Assert.True(entries.TryGetValue(path, out var entry), $"{path} is not in the zip");
            using var reader = new StreamReader(entry!.Open());
            Assert.Equal(expected, reader.ReadToEnd());
        }

        var functionFolders = entries.Keys.Where(k => k.EndsWith("/function.json", StringComparison.Ordinal))
            .Select(k => k[..k.IndexOf('/', StringComparison.Ordinal)]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(FunctionTable.All.Select(f => f.Name).Order(StringComparer.Ordinal), functionFolders);
        Assert.Contains(FunctionManifest.ExecutableName, entries.Keys);
        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("local.settings", StringComparison.Ordinal));
        Assert.All(entries.Keys, name => Assert.False(name.StartsWith('/') || name.Contains("..", StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal), $"entry '{name}' is not a plain relative path"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the package is built and checked on Linux
    public void Every_entry_is_made_on_Unix_with_the_mode_of_the_published_file_and_the_handler_is_executable()
    {
        var entries = ZipCentralDirectory.Read(RepoFiles.RequireArtifact(RepoFiles.FunctionsZip));
        var publish = RepoFiles.RequireArtifact(RepoFiles.FunctionsPublishDir);

        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.True(e.MadeBy == 3, $"{e.Name} is marked as made on host system {e.MadeBy}, not Unix (3)"));
        Assert.All(entries, e => Assert.True((e.UnixMode & 0xF000) == RegularFile, $"{e.Name} has mode {Convert.ToString(e.UnixMode, 8)}, not a regular file"));

        var handler = Assert.Single(entries, e => e.Name == FunctionManifest.ExecutableName);
        Assert.True((handler.UnixMode & ExecutableBits) == ExecutableBits, $"the handler's mode is {Convert.ToString(handler.UnixMode, 8)}: not executable by everyone");

        var published = Directory.GetFiles(publish, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(publish, p).Replace(Path.DirectorySeparatorChar, '/'), StringComparer.Ordinal);
        Assert.Equal(published.Keys.Order(StringComparer.Ordinal), entries.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.Equal((int)File.GetUnixFileMode(published[e.Name]), e.UnixMode & 0x1FF));
    }

    [Fact]
    public void The_handler_is_a_self_contained_linux_x64_executable_that_needs_no_installed_dotnet()
    {
        using var zip = ZipFile.OpenRead(RepoFiles.RequireArtifact(RepoFiles.FunctionsZip));
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("libcoreclr.so", names);
        Assert.Contains("Microsoft.AspNetCore.dll", names);

        using (var handler = zip.GetEntry(FunctionManifest.ExecutableName)!.Open())
        {
            var magic = new byte[4];
            handler.ReadExactly(magic);
            Assert.Equal("\u007fELF"u8.ToArray(), magic);
        }

        using var config = new StreamReader(zip.GetEntry("Hydra.Functions.runtimeconfig.json")!.Open());
        var options = JsonNode.Parse(config.ReadToEnd())!["runtimeOptions"]!.AsObject();
        // A framework-dependent app names "frameworks" to resolve from an installed runtime; a self-contained one
        // lists what it carries as "includedFrameworks".
        Assert.True(options.ContainsKey("includedFrameworks"), $"runtimeconfig is not self-contained: {options.ToJsonString()}");
        Assert.False(options.ContainsKey("frameworks") || options.ContainsKey("framework"));
    }
}
