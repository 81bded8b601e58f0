using Hydra.Shared.Jobs;

namespace Hydra.Functions.Http;

/// <summary>
/// RFC 9457 problem+json answers. <c>detail</c> is a human sentence (the hydra-jobs UI shows it);
/// validation failures add <c>errors</c>: field path → messages.
/// </summary>
internal static class Problems
{
    public static IResult Validation(IReadOnlyCollection<FieldError> errors) =>
        Results.Problem(
            detail: FieldError.Describe(errors),
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request is not valid.",
            extensions: new Dictionary<string, object?> { ["errors"] = FieldError.ToProblemErrors(errors) });

    /// <summary>One broken rule; <paramref name="message"/> is a predicate ("must be …") so "field message" reads as a sentence.</summary>
    public static IResult BadRequest(string field, string message) => Validation([new FieldError(field, message)]);

    public static IResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    public static IResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", detail);

    public static IResult UnsupportedMediaType(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);

    public static IResult TooManyRequests(string detail) => Problem(StatusCodes.Status429TooManyRequests, "Too many requests", detail);

    public static IResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail);

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title);
}
