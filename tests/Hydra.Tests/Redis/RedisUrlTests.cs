using System.Net;
using Hydra.Shared.Redis;

namespace Hydra.Tests.Redis;

public sealed class RedisUrlTests
{
    public static TheoryData<string, string, int, string?, int?, bool> Valid => new()
    {
        // url, host, port, password, database, tls
        { "localhost:6380", "localhost", 6380, null, null, false },
        { "redis-host", "redis-host", 6379, null, null, false },
        { "redis://localhost", "localhost", 6379, null, null, false },
        { "redis://localhost:6390/2", "localhost", 6390, null, 2, false },
        { "redis://:s3cret@cache.internal:6379/0", "cache.internal", 6379, "s3cret", 0, false },
        { "redis://default:s3cret@cache.internal", "cache.internal", 6379, "s3cret", null, false },
        { "redis://:p%40ss%3Aword@h:1", "h", 1, "p@ss:word", null, false },
        { "rediss://:key@hydra.redis.cache.windows.net:6380", "hydra.redis.cache.windows.net", 6380, "key", null, true },
        { "redis://h:7000/?ssl_cert_reqs=none", "h", 7000, null, null, false },
        { "redis://[::1]:6400", "::1", 6400, null, null, false },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_accepts(string url, string host, int port, string? password, int? database, bool tls)
    {
        var options = RedisUrl.Parse(url);

        var endpoint = Assert.Single(options.EndPoints);
        var (actualHost, actualPort) = endpoint switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => throw new InvalidOperationException(endpoint.GetType().Name),
        };
        Assert.Equal((host, port), (actualHost, actualPort));
        Assert.Equal(password, options.Password);
        Assert.Equal(database, options.DefaultDatabase);
        Assert.Equal(tls, options.Ssl);
        Assert.False(options.AbortOnConnectFail);
        Assert.InRange(options.ConnectTimeout, 1_000, 30_000);
        Assert.InRange(options.SyncTimeout, 1_000, 30_000);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("redis://alice:pw@host", "ACL user 'alice'")]
    [InlineData("redis://bob@host", "ACL user 'bob'")]
    [InlineData("http://host:6379", "scheme")]
    [InlineData("redis://host/zero", "database")]
    [InlineData("host:notaport", "host:port")]
    [InlineData("host:70000", "host:port")]
    public void Parse_rejects_with_a_message_that_says_why(string url, string because)
    {
        var error = Assert.Throws<FormatException>(() => RedisUrl.Parse(url));

        Assert.Contains(because, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_url_never_echoes_its_password()
    {
        var error = Assert.Throws<FormatException>(() => RedisUrl.Parse("redis://alice:hunter2@host"));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_checks_the_certificate_against_the_host_name()
    {
        Assert.Equal("cache.example", RedisUrl.Parse("rediss://cache.example").SslHost);
    }
}
