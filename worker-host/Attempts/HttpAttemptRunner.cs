using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Hydra.Shared.Completion;
using Hydra.Shared.Jobs;
using Hydra.Shared.Runs;
using Hydra.WorkerHost.Execution;

namespace Hydra.WorkerHost.Attempts;

/// <summary>
/// <c>http</c>: one request made by the worker (webhooks, health pings). Success is a status in
/// <c>success_status_codes</c> (any 2xx when empty) and then the job's completion rules with the response body as
/// stdout; the status is recorded as the return code. <c>${NAME}</c> in a header value is read from the worker's
/// environment overlaid by the job's <c>env</c>, so a secret can live on the worker and never in the job document.
/// The body streams to the live log as it arrives and is kept within the worker's per-stream output cap.
/// </summary>
internal sealed partial class HttpAttemptRunner : IAttemptRunner, IDisposable
{
    private readonly HttpClient _client;
    private readonly TimeProvider _time;

    public HttpAttemptRunner(TimeProvider time)
    {
        _time = time;
        // Timeouts are the attempt's own (job timeout, executor timeout), enforced by token, so the client has none.
        _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Hydra.WorkerHost", "1"));
    }

    public bool Handles(ExecutorSpec executor) =>
        string.Equals(executor?.Type?.Trim(), JobModes.Http, StringComparison.OrdinalIgnoreCase);

    public async Task<AttemptResult> RunAsync(AttemptContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var startedAt = _time.GetUtcNow();
        var executor = context.Payload.Executor;
        if (!Uri.TryCreate(executor.Url?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return AttemptResult.Failed($"http executor needs an absolute http(s) url; got '{executor.Url}'", startedAt);
        }

        var method = new HttpMethod(string.IsNullOrWhiteSpace(executor.Method) ? "GET" : executor.Method.Trim().ToUpperInvariant());
        var (limit, timeoutSeconds) = Limit(context);
        using var timeout = limit is { } l ? new CancellationTokenSource(l, _time) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout?.Token ?? CancellationToken.None);
        var body = new OutputCapture(context.MaxOutputBytesPerStream);
        try
        {
            using var request = BuildRequest(method, url, executor, context);
            await context.NoteAsync($"{method} {url}", CancellationToken.None);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            var status = (int)response.StatusCode;
            await context.NoteAsync(string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}"), CancellationToken.None);
            await ReadBodyAsync(response, body, context.Log, stop.Token);
            return Judge(context.Payload, status, response.ReasonPhrase, body.Render(), startedAt);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return AttemptResult.Cancelled(startedAt, _time.GetUtcNow()) with { Stdout = body.Render() };
        }
        catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"timed out after {timeoutSeconds}s");
            return new AttemptResult(RunStatus.TimedOut, null, body.Render(), "", reason, startedAt, _time.GetUtcNow());
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or FormatException)
        {
            return AttemptResult.Failed($"http request to {url} failed: {ex.Message}", startedAt) with { EndedAt = _time.GetUtcNow() };
        }
    }

    private AttemptResult Judge(DispatchPayload payload, int status, string? phrase, string text, DateTimeOffset startedAt)
    {
        var codes = payload.Executor.SuccessStatusCodes is { Count: > 0 } list ? list : null;
        var ok = codes?.Contains(status) ?? status is >= 200 and <= 299;
        if (!ok)
        {
            var expected = codes is null ? "2xx" : string.Join(", ", codes.Select(c => c.ToString(CultureInfo.InvariantCulture)));
            var reason = string.Create(CultureInfo.InvariantCulture, $"HTTP status {status}{(string.IsNullOrEmpty(phrase) ? "" : $" {phrase}")} not in [{expected}]");
            return new AttemptResult(RunStatus.Failed, status, text, "", reason, startedAt, _time.GetUtcNow());
        }

        // The status already decided what exit codes decide for a process; the text rules still apply to the body.
        var completion = payload.Completion is { } c
            ? new CompletionSpec { StdoutContains = c.StdoutContains, StdoutNotContains = c.StdoutNotContains, StderrContains = c.StderrContains, StderrNotContains = c.StderrNotContains }
            : null;
        var verdict = CompletionRules.Evaluate(completion, 0, text, "", false, payload.TimeoutSeconds);
        return new AttemptResult(verdict.Status, status, text, "", verdict.Reason, startedAt, _time.GetUtcNow());
    }

    /// <summary>The tighter of the job's remaining time and the executor's own timeout, and that in whole seconds.</summary>
    private static (TimeSpan? Limit, int Seconds) Limit(AttemptContext context)
    {
        var jobLimit = context.RemainingLimits()?.Timeout;
        var ownSeconds = context.Payload.Executor.Timeout ?? 0;
        TimeSpan? own = ownSeconds > 0 ? TimeSpan.FromSeconds(ownSeconds) : null;
        if (own is { } o && (jobLimit is null || o < jobLimit))
        {
            return (o, ownSeconds);
        }

        return (jobLimit, context.Payload.TimeoutSeconds);
    }

    private static HttpRequestMessage BuildRequest(HttpMethod method, Uri url, ExecutorSpec executor, AttemptContext context)
    {
        var request = new HttpRequestMessage(method, url);
        if (executor.Body is { } text)
        {
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = null;
        }

        foreach (var (name, value) in executor.Headers ?? [])
        {
            var expanded = Expand(value, executor.Env?.ToDictionary(e => e.Key, e => e.Value.Value ?? "", StringComparer.Ordinal), context.RunVariables);
            if (!request.Headers.TryAddWithoutValidation(name, expanded))
            {
                // Content-Type and the like belong to the content; a body-less request gets an empty one to carry them.
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, expanded);
            }
        }

        if (request.Content is { Headers.ContentType: null } content && executor.Body is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        }

        return request;
    }

    /// <summary><c>${NAME}</c> from run variables, then the job's env, then the worker's environment; unknown names become empty.</summary>
    internal static string Expand(string value, IReadOnlyDictionary<string, string>? env, IReadOnlyDictionary<string, string> runVariables) =>
        Reference().Replace(value, m =>
        {
            var name = m.Groups[1].Value;
            return runVariables.TryGetValue(name, out var run) ? run
                : env is not null && env.TryGetValue(name, out var own) ? own
                : Environment.GetEnvironmentVariable(name) ?? "";
        });

    private static async Task ReadBodyAsync(HttpResponseMessage response, OutputCapture capture, IOutputSink sink, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var decoder = Encoding.UTF8.GetDecoder();
        var buffer = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            capture.Append(buffer.AsSpan(0, read));
            var count = decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
            if (count > 0)
            {
                await sink.WriteAsync(IOutputSink.Stdout, new string(chars, 0, count), ct);
            }
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    public void Dispose() => _client.Dispose();
}
