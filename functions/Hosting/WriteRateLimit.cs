using System.Globalization;
using System.Threading.RateLimiting;
using Hydra.Functions.Auth;
using Hydra.Functions.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Hydra.Functions.Hosting;

/// <summary>
/// Per-token rate limit on write routes (POST, PUT, PATCH, DELETE under /api): a fixed window of one minute with
/// HYDRA_WRITE_RATE_PER_MINUTE permits, partitioned by the SHA-256 of the presented token (the token itself is never
/// kept as a key), or by the client address when there is none. Reads, preflights and the Functions host's timer
/// invocations are not limited. A refused request gets 429 problem+json with <c>Retry-After</c> in seconds.
/// Applied before auth, so guessing tokens on write routes is throttled per address as well.
/// </summary>
internal static class WriteRateLimit
{
    public static void Configure(RateLimiterOptions options, int perMinute)
    {
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var request = http.Request;
            if (!IsWrite(request))
            {
                return RateLimitPartition.GetNoLimiter("reads");
            }

            var token = TokenReader.Read(request);
            var key = token is null ? "ip:" + http.Connection.RemoteIpAddress : "token:" + TokenHash.Of(token);
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = async (context, ct) =>
        {
            var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds))
                : 60;
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.TooManyRequests($"Too many write requests for this token; retry after {seconds} s.")
                .ExecuteAsync(context.HttpContext);
        };
    }

    private static bool IsWrite(HttpRequest request) =>
        request.Path.StartsWithSegments(FunctionRoutes.Prefix, StringComparison.OrdinalIgnoreCase)
        && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)
            || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method));
}
