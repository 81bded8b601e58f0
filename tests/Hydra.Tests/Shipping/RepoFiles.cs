namespace Hydra.Tests.Shipping;

/// <summary>
/// Paths of what the repository ships: the checked-in deployment files and the artifacts scripts/package.sh builds.
/// A missing artifact fails the test with the command that makes it; these tests never skip.
/// </summary>
internal static class RepoFiles
{
    /// <summary>The repository root: tests/Hydra.Tests/bin/&lt;Configuration&gt;/net10.0/ is five levels below it.</summary>
    public static string Root { get; } = FindRoot();

    public static string FunctionsPublishDir => Path.Combine(Root, "artifacts", "publish", "functions-linux-x64");

    public static string FunctionsZip => Path.Combine(Root, "artifacts", "hydra-functions-linux-x64.zip");

    public static string WorkerPublishDir(string rid) => Path.Combine(Root, "artifacts", "publish", "worker-" + rid);

    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string RequireArtifact(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} is missing: build it with scripts/package.sh (scripts/test.sh runs it before the tests).", path);
        }

        return path;
    }

    public static string ReadText(params string[] parts)
    {
        var path = InRepo(parts);
        return File.Exists(path) ? File.ReadAllText(path) : throw new FileNotFoundException($"{path} is missing from the repository.", path);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hydra.Functions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No Hydra.Functions.sln above {AppContext.BaseDirectory}.");
    }
}
