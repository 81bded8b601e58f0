using Hydra.Functions.Auth;
using Hydra.Functions.Events;
using Hydra.Functions.Http;
using Hydra.Functions.Jobs;
using Hydra.Functions.Store;
using Hydra.Shared.Redis;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Runs;

/// <summary>
/// GET /runs/{id}/stream: a run's live output as long-poll SSE. While the run is queued or running it answers with
/// the live-log chunks after the cursor (<c>id:</c> = the live log's entry id), or waits up to <c>?wait=</c> for the
/// first ones. Once the store says the run ended it answers with one <c>output</c> frame holding the stored
/// stdout/stderr — the complete output, which replaces what the client showed live (the live log is a best-effort
/// view; the stored output is the record) — then an <c>end</c> frame whose id, <c>end</c>, makes a reconnect answer
/// only <c>end</c> again. A waiter wakes on the run's log wake-up (P:wake:log) or on any event of the run's domain,
/// which is how it learns the run ended (IngestSweep publishes run_succeeded etc. after writing the store).
/// </summary>
internal static class RunStreamApi
{
    public const string EndId = "end";
    /// <summary>The output frame carries at most this many characters of each stream (the tail); /runs/{id}/log pages the rest.</summary>
    public const int OutputFrameChars = 256 * 1024;

    public static async Task<IResult> Stream(
        Caller caller, string id, HttpRequest request, HttpResponse response, IRunStore runs, LiveLog log, WakeSignals signals,
        TimeProvider time, CancellationToken ct)
    {
        var (query, problem) = LongPollQuery.Parse(request);
        if (problem is not null)
        {
            return problem;
        }

        var cursor = query!.Cursor?.Trim();
        if (cursor is not null && cursor != EndId && !StreamId.TryParse(cursor, out _))
        {
            return Problems.BadRequest(query.CursorField, "is not a cursor this server issued");
        }

        var run = JobRecords.IsWellFormedId(id) ? await runs.GetAsync(caller.Scope, id, ct) : null;
        if (run is null)
        {
            return Problems.NotFound($"Run '{id}' was not found.");
        }

        var deadline = time.GetUtcNow() + query.Wait;
        var frames = new SseFrames();
        while (true)
        {
            using var logWake = signals.Arm(WakeSignals.RunLog(run.Domain, run.Id));
            using var domainWake = signals.Arm(WakeSignals.Domain(run.Domain));
            run = await runs.GetAsync(run.Domain, run.Id, ct) ?? run;
            if (cursor == EndId)
            {
                return End(frames, run).ToResult(response);
            }

            if (RunStatus.IsTerminal(run.Status))
            {
                frames.Frame(null, Json(OutputFrame(run, time)), name: "output");
                return End(frames, run).ToResult(response);
            }

            var entries = await log.ReadAsync(run.Domain, run.Id, cursor, query.Limit, ct);
            if (entries.Count > 0)
            {
                foreach (var entry in entries)
                {
                    var chunk = new LogChunkFrame(run.Id, run.JobId, run.WorkerId, run.Domain, entry.Timestamp, entry.Text, entry.Stream);
                    frames.Frame(entry.Id, System.Text.Json.JsonSerializer.Serialize(chunk, EventsJsonContext.Default.LogChunkFrame));
                }

                return frames.ToResult(response);
            }

            if (!await WakeWait.AnyAsync([logWake, domainWake], deadline - time.GetUtcNow(), time, ct))
            {
                return frames.Idle($"run {run.Status}, no output yet", cursor).ToResult(response);
            }
        }
    }

    private static SseFrames End(SseFrames frames, RunRecord run) =>
        frames.Frame(EndId, System.Text.Json.JsonSerializer.Serialize(new RunEndFrame(run.Id, run.Status), EventsJsonContext.Default.RunEndFrame), name: "end");

    private static RunOutputFrame OutputFrame(RunRecord run, TimeProvider time)
    {
        var stdout = run.Stdout ?? "";
        var stderr = run.Stderr ?? "";
        return new RunOutputFrame(
            run.Id, run.JobId, run.WorkerId, run.Domain, run.EndedAt ?? time.GetUtcNow(), run.Status, run.ReturnCode,
            Tail(stdout), Tail(stderr), stdout.Length, stderr.Length, stdout.Length > OutputFrameChars || stderr.Length > OutputFrameChars);
    }

    private static string Tail(string text) => text.Length <= OutputFrameChars ? text : OutputText.Slice(text, text.Length - OutputFrameChars, text.Length);

    private static string Json(RunOutputFrame frame) => System.Text.Json.JsonSerializer.Serialize(frame, EventsJsonContext.Default.RunOutputFrame);
}

/// <summary>One live chunk, the shape hydra-jobs clients know: <c>{run_id, job_id, worker_id, domain, ts, text, stream}</c>.</summary>
internal sealed record LogChunkFrame(string RunId, string JobId, string? WorkerId, string Domain, DateTimeOffset Ts, string Text, string Stream);

/// <summary>
/// The stored output once the run ended (the tail of each stream when longer than the frame allows: <c>truncated</c>,
/// with the full lengths, and GET /runs/{id}/log pages the whole).
/// </summary>
internal sealed record RunOutputFrame(
    string RunId, string JobId, string? WorkerId, string Domain, DateTimeOffset Ts, string Status, int? Returncode,
    string Stdout, string Stderr, int StdoutLength, int StderrLength, bool Truncated);

/// <summary>The last frame: the client closes its EventSource.</summary>
internal sealed record RunEndFrame(string RunId, string Status);
