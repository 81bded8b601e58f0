using System.Globalization;
using StackExchange.Redis;

namespace Hydra.Shared.Redis;

/// <summary>
/// REDIS_URL, the same on the function app and the workers: <c>redis://[[user]:password@]host[:port][/db]</c>,
/// <c>rediss://…</c> for TLS, or a plain <c>host[:port]</c>. Userinfo may be percent-encoded. The query string is
/// ignored (hydra-jobs clients put driver options there).
/// </summary>
internal static class RedisUrl
{
    public const int DefaultPort = 6379;

    public static ConfigurationOptions Parse(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new FormatException("REDIS_URL is empty; expected redis://[[user]:password@]host[:port][/db] or host:port.");
        }

        url = url.Trim();
        return url.Contains("://", StringComparison.Ordinal) ? ParseUrl(url) : ParseHostPort(url);
    }

    private static ConfigurationOptions ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"REDIS_URL '{Redact(url)}' is not a URL; expected redis://[[user]:password@]host[:port][/db].");
        }

        var tls = uri.Scheme switch
        {
            "redis" => false,
            "rediss" => true,
            _ => throw new FormatException($"REDIS_URL scheme '{uri.Scheme}' is not redis:// or rediss://."),
        };

        var options = Defaults(uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port);
        options.Ssl = tls;
        if (tls)
        {
            options.SslHost = uri.Host.Trim('[', ']');
        }

        ApplyUserInfo(options, uri.UserInfo);
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            options.DefaultDatabase = int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db)
                ? db
                : throw new FormatException($"REDIS_URL database '{path}' is not a number.");
        }

        return options;
    }

    private static void ApplyUserInfo(ConfigurationOptions options, string userInfo)
    {
        if (userInfo.Length == 0)
        {
            return;
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? "" : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        if (user.Length > 0 && user != "default")
        {
            // StackExchange.Redis 1.2.6 sends AUTH <password> only, which authenticates as the default user.
            throw new FormatException(
                $"REDIS_URL names the ACL user '{user}', but this Redis client (StackExchange.Redis 1.2.6) can only authenticate as " +
                "the default user: use redis://:password@host or redis://default:password@host.");
        }

        if (password.Length > 0)
        {
            options.Password = password;
        }
    }

    private static ConfigurationOptions ParseHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        // A bare IPv6 address has several colons and no port; [::1]:6380 has brackets.
        var bracketed = text.StartsWith('[');
        if (colon < 0 || (!bracketed && text.IndexOf(':', StringComparison.Ordinal) != colon) || (bracketed && colon < text.IndexOf(']', StringComparison.Ordinal)))
        {
            return Defaults(text.Trim('[', ']'), DefaultPort);
        }

        var host = text[..colon].Trim('[', ']');
        if (host.Length == 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"REDIS_URL '{text}' is not host:port.");
        }

        return Defaults(host, port);
    }

    private static ConfigurationOptions Defaults(string host, int port)
    {
        var options = new ConfigurationOptions
        {
            // Keep trying in the background: a worker or app that starts before Redis must come up and reconnect.
            AbortOnConnectFail = false,
            ConnectTimeout = 5_000,
            SyncTimeout = 5_000,
            ConnectRetry = 3,
            KeepAlive = 30,
        };
        options.EndPoints.Add(host, port);
        return options;
    }

    private static string Redact(string url)
    {
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > scheme && scheme >= 0 ? url[..(scheme + 3)] + "***@" + url[(at + 1)..] : url;
    }
}
