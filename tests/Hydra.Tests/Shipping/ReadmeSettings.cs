using System.Text.RegularExpressions;

namespace Hydra.Tests.Shipping;

/// <summary>The setting names README.md's settings tables document: what each app reads from its environment.</summary>
internal static partial class ReadmeSettings
{
    public static HashSet<string> FunctionApp => Table("### Function app");

    public static HashSet<string> WorkerHost => Table("### Worker host");

    private static HashSet<string> Table(string heading)
    {
        var readme = RepoFiles.ReadText("README.md");
        var start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '{heading}' section");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in readme[(start + heading.Length)..].Split('\n').SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')))
        {
            var firstCell = line.Split('|', StringSplitOptions.TrimEntries)[1];
            foreach (Match m in Name().Matches(firstCell))
            {
                names.Add(m.Groups[1].Value);
            }
        }

        Assert.NotEmpty(names);
        return names;
    }

    [GeneratedRegex("`([A-Za-z_][A-Za-z0-9_]*)`")]
    private static partial Regex Name();
}
