using System.Security.Cryptography;
using System.Text;
using Hydra.Functions.Domains;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Secrets;

/// <summary>
/// Seals secret values with AES-256-GCM under HYDRA_SECRETS_KEY (32 bytes, base64 or hex): a fresh 96-bit nonce per
/// value, and the domain and name as associated data, so a sealed value copied to another domain's row or name does
/// not open. The store sees base64(nonce ‖ ciphertext ‖ tag) only. Without a key, secrets are unavailable (503),
/// never stored in clear.
/// </summary>
internal sealed class SecretBox
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[]? _key;

    public SecretBox(IOptions<TenancyOptions> options)
    {
        _key = options.Value.SecretsKey is { } text ? ParseKey(text) : null;
    }

    public bool Configured => _key is not null;

    public string Seal(string domain, string name, string value)
    {
        var key = _key ?? throw new InvalidOperationException("HYDRA_SECRETS_KEY is not set.");
        var plain = Encoding.UTF8.GetBytes(value);
        var output = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceBytes, plain.Length), output.AsSpan(NonceBytes + plain.Length), Associated(domain, name));
        return Convert.ToBase64String(output);
    }

    /// <summary>The value, or null when it does not open (another key, or a row moved to another domain or name).</summary>
    public string? Open(string domain, string name, string sealedValue)
    {
        var key = _key ?? throw new InvalidOperationException("HYDRA_SECRETS_KEY is not set.");
        byte[] input;
        try
        {
            input = Convert.FromBase64String(sealedValue);
        }
        catch (FormatException)
        {
            return null;
        }

        if (input.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var length = input.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(input.AsSpan(0, NonceBytes), input.AsSpan(NonceBytes, length), input.AsSpan(NonceBytes + length), plain, Associated(domain, name));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plain);
    }

    public static byte[] ParseKey(string text)
    {
        byte[]? key = null;
        if (text.Length == 64 && text.All(Uri.IsHexDigit))
        {
            key = Convert.FromHexString(text);
        }
        else
        {
            try
            {
                key = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
            }
        }

        return key is { Length: 32 }
            ? key
            : throw new InvalidOperationException("HYDRA_SECRETS_KEY must be 32 bytes, as base64 (44 characters) or 64 hex characters.");
    }

    private static byte[] Associated(string domain, string name) => Encoding.UTF8.GetBytes(domain + "\0" + name);
}
