using System.Security.Cryptography;
using System.Text;

namespace Hydra.Functions.Auth;

/// <summary>Tokens are kept only as SHA-256 hex and compared in constant time.</summary>
internal static class TokenHash
{
    public static string Of(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string presentedToken, string expectedHash)
    {
        var presented = Encoding.ASCII.GetBytes(Of(presentedToken));
        var expected = Encoding.ASCII.GetBytes(expectedHash);
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    /// <summary>48 hex characters from a CSPRNG.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
