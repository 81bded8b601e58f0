using System.Text.RegularExpressions;

namespace Hydra.Functions.Domains;

/// <summary>
/// What a domain may be called: lower-case letters, digits, '-' and '_', 1–63 characters, starting with a letter
/// or digit. The name becomes a Redis Cluster hash tag (<c>{domain}</c>) and part of every key, so braces, colons
/// and spaces are out.
/// </summary>
internal static partial class DomainNames
{
    public const int MaxLength = 63;

    /// <summary>Null when <paramref name="name"/> is a valid domain name, else the rule it breaks (a predicate).</summary>
    public static string? Check(string? name) =>
        string.IsNullOrEmpty(name) ? "is required"
        : name.Length > MaxLength ? $"must be at most {MaxLength} characters"
        : Pattern().IsMatch(name) ? null
        : "must be lower-case letters, digits, '-' or '_', starting with a letter or digit";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
