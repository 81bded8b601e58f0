using System.Data.Common;
using System.Text.Json;
using Hydra.Functions.Http;
using Microsoft.AspNetCore.Diagnostics;

namespace Hydra.Functions.Hosting;

/// <summary>
/// Last line of defence: turns what escaped a handler into a problem+json answer. An unreachable store or Redis is
/// a 503 that says which; a bad request Kestrel caught (oversize body) keeps its 4xx; anything else is a 500 that
/// is logged — and is a bug to fix.
/// </summary>
internal sealed class ExceptionProblems(ILogger<ExceptionProblems> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var result = Classify(exception);
        if (result is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            result = Results.Problem(
                detail: "An internal error occurred; it has been logged.", statusCode: StatusCodes.Status500InternalServerError);
        }
        else
        {
            log.LogWarning(exception, "Request {Method} {Path} failed", http.Request.Method, http.Request.Path);
        }

        await result.ExecuteAsync(http);
        return true;
    }

    private static IResult? Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            Problems.TooLarge($"The request body is larger than {JsonRequestBody.MaxBytes / 1024} KiB."),
        BadHttpRequestException bad => Results.Problem(detail: bad.Message, statusCode: bad.StatusCode),
        JsonException json => Problems.BadRequest("body", json.Message),
        ArgumentException { ParamName: "cursor" } => Problems.BadRequest("cursor", "is not one this list returned; start again without it"),
        DbException => Problems.Unavailable("The store is unavailable: " + exception.Message),
        TimeoutException when IsRedis(exception) => Problems.Unavailable("Redis is unavailable: " + exception.Message),
        _ when IsRedis(exception) => Problems.Unavailable("Redis is unavailable: " + exception.Message),
        _ => null,
    };

    private static bool IsRedis(Exception exception) =>
        exception.GetType().Namespace?.StartsWith("StackExchange.Redis", StringComparison.Ordinal) == true;
}
