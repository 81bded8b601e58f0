using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Hydra.Tests.Shipping;

/// <summary>
/// compose.yaml read with YamlDotNet into plain maps, lists and strings, with Compose's variable interpolation
/// applied the way <c>docker compose config</c> would: <c>${X:-default}</c> takes the default, <c>${X:?message}</c>
/// and <c>${X}</c> take a sample value (and <see cref="Required"/> remembers the <c>:?</c> ones).
/// </summary>
internal sealed partial class ComposeFile
{
    private ComposeFile(Dictionary<string, object?> root, HashSet<string> required)
    {
        Root = root;
        Required = required;
    }

    public Dictionary<string, object?> Root { get; }

    /// <summary>Variables the file refuses to run without (<c>${X:?…}</c>).</summary>
    public HashSet<string> Required { get; }

    public Dictionary<string, object?> Services => Map(Root, "services");

    public static ComposeFile Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var required = new HashSet<string>(StringComparer.Ordinal);
        var root = (Dictionary<string, object?>)Convert(stream.Documents[0].RootNode, required)!;
        return new ComposeFile(root, required);
    }

    public static string Sample(string variable) => $"sample-{variable.ToLowerInvariant()}";

    public Dictionary<string, object?> Service(string name) =>
        Services.TryGetValue(name, out var service) && service is Dictionary<string, object?> map
            ? map
            : throw new Xunit.Sdk.XunitException($"compose.yaml has no service '{name}'");

    /// <summary>A service's environment as name → value, from either the map or the list form.</summary>
    public static Dictionary<string, string> Environment(Dictionary<string, object?> service) => service.GetValueOrDefault("environment") switch
    {
        null => [],
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => kv.Value as string ?? ""),
        List<object?> list => list.Cast<string>().Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
        var other => throw new Xunit.Sdk.XunitException($"environment is a {other.GetType().Name}"),
    };

    public static Dictionary<string, object?> Map(Dictionary<string, object?> parent, string key) =>
        parent.GetValueOrDefault(key) as Dictionary<string, object?> ?? [];

    public static List<string> Strings(Dictionary<string, object?> parent, string key) => parent.GetValueOrDefault(key) switch
    {
        null => [],
        List<object?> list => list.Select(i => i as string ?? throw new Xunit.Sdk.XunitException($"{key} holds a non-string")).ToList(),
        string s => [s],
        var other => throw new Xunit.Sdk.XunitException($"{key} is a {other.GetType().Name}"),
    };

    private static object? Convert(YamlNode node, HashSet<string> required) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => Convert(kv.Value, required), StringComparer.Ordinal),
        YamlSequenceNode seq => seq.Children.Select(c => Convert(c, required)).ToList(),
        YamlScalarNode scalar => scalar.Value is null ? null : Interpolate(scalar.Value, required),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static string Interpolate(string value, HashSet<string> required) => Variable().Replace(value, m =>
    {
        var name = m.Groups["name"].Value;
        switch (m.Groups["op"].Value)
        {
            case ":-":
            case "-":
                return m.Groups["arg"].Value;
            case ":?":
            case "?":
                required.Add(name);
                return Sample(name);
            default:
                return Sample(name);
        }
    });

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?])(?<arg>[^}]*))?\}")]
    private static partial Regex Variable();
}
