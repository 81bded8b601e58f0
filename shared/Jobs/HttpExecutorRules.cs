using System.Globalization;

namespace Hydra.Shared.Jobs;

/// <summary>
/// The <c>http</c> executor's rules: an absolute http(s) URL (a worker must never be asked to open file:// or
/// another scheme on a caller's behalf), a known method, header names a request can carry, sane status codes.
/// </summary>
internal static class HttpExecutorRules
{
    public static readonly IReadOnlyList<string> Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public const int MaxUrlLength = 8192;
    public const int MaxHeaders = 100;

    public static void Check(ExecutorSpec executor, FieldErrorList errors)
    {
        if (string.IsNullOrWhiteSpace(executor.Url))
        {
            errors.Add("executor.url", "is required for an http executor (an absolute http:// or https:// URL)");
        }
        else if (executor.Url.Length > MaxUrlLength)
        {
            errors.Add("executor.url", string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxUrlLength} characters long; got {executor.Url.Length}"));
        }
        else if (!Uri.TryCreate(executor.Url.Trim(), UriKind.Absolute, out var url))
        {
            errors.Add("executor.url", $"must be an absolute http:// or https:// URL; got '{executor.Url}'");
        }
        else if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add("executor.url", $"must use http or https; got the scheme '{url.Scheme}'");
        }

        if (executor.Method is { } method && !Methods.Contains(method.Trim().ToUpperInvariant()))
        {
            errors.Add("executor.method", $"must be one of {string.Join(", ", Methods)}; got '{method}'");
        }

        CheckHeaders(executor.Headers, errors);
        errors.Range("executor.timeout", executor.Timeout, 1, JobLimits.MaxTimeoutSeconds, " seconds");

        if (executor.SuccessStatusCodes is { } codes)
        {
            if (codes.Count > JobLimits.MaxCompletionEntries)
            {
                errors.Add("executor.success_status_codes", string.Create(CultureInfo.InvariantCulture, $"must have at most {JobLimits.MaxCompletionEntries} entries; got {codes.Count}"));
            }

            for (var i = 0; i < codes.Count; i++)
            {
                errors.Range(string.Create(CultureInfo.InvariantCulture, $"executor.success_status_codes[{i}]"), codes[i], 100, 599);
            }
        }
    }

    private static void CheckHeaders(Dictionary<string, string>? headers, FieldErrorList errors)
    {
        if (headers is null)
        {
            return;
        }

        if (headers.Count > MaxHeaders)
        {
            errors.Add("executor.headers", string.Create(CultureInfo.InvariantCulture, $"must have at most {MaxHeaders} entries; got {headers.Count}"));
        }

        foreach (var (name, value) in headers)
        {
            // RFC 9110 token characters; anything else would make the request itself malformed.
            if (name.Length == 0 || !name.All(c => c < 128 && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal))))
            {
                errors.Add("executor.headers", $"has the name '{name}', which is not a valid HTTP header name");
            }
            else if (value is null)
            {
                errors.Add($"executor.headers.{name}", "must be a string, not null");
            }
            else if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
            {
                errors.Add($"executor.headers.{name}", "must not contain line breaks");
            }
        }
    }
}
