using System.Globalization;
using System.Text.Json;
using Hydra.Functions.Auth;
using Hydra.Functions.Events;
using Hydra.Functions.Http;
using Hydra.Functions.Jobs;
using Hydra.Functions.Store;
using Hydra.Shared.Runs;

namespace Hydra.Functions.Runs;

/// <summary>
/// GET /runs/{id}/log?stream=stdout|stderr&amp;offset=&amp;limit=&amp;from=head|tail: pages a run's stored output so a
/// browser never loads a megabyte at once. Offsets and lengths count characters (UTF-16 code units, as JavaScript
/// strings do); a page never splits a surrogate pair. Without an offset, <c>from=tail</c> answers the last page
/// (what a log viewer shows first) and <c>from=head</c> (default) the first. <c>next_offset</c> is null at the end,
/// <c>prev_offset</c> null at the start. Stored output exists once the run ended (<c>complete</c>); while it runs,
/// GET /runs/{id}/stream serves the live view.
/// </summary>
internal static class RunLogApi
{
    public const int DefaultLimit = 64 * 1024;
    public const int MaxLimit = 1024 * 1024;

    public static async Task<IResult> Page(
        Caller caller, string id, string? stream, string? offset, string? limit, string? from, IRunStore runs, CancellationToken ct)
    {
        var which = string.IsNullOrWhiteSpace(stream) ? "stdout" : stream.Trim().ToLowerInvariant();
        if (which is not ("stdout" or "stderr"))
        {
            return Problems.BadRequest("stream", "must be stdout or stderr");
        }

        var size = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxLimit))
        {
            return Problems.BadRequest("limit", $"must be a whole number from 1 to {MaxLimit}");
        }

        int? start = null;
        if (!string.IsNullOrWhiteSpace(offset))
        {
            if (!int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problems.BadRequest("offset", "must be a whole number, 0 or more");
            }

            start = parsed;
        }

        var origin = string.IsNullOrWhiteSpace(from) ? "head" : from.Trim().ToLowerInvariant();
        if (origin is not ("head" or "tail"))
        {
            return Problems.BadRequest("from", "must be head or tail");
        }

        var run = JobRecords.IsWellFormedId(id) ? await runs.GetAsync(caller.Scope, id, ct) : null;
        if (run is null)
        {
            return Problems.NotFound($"Run '{id}' was not found.");
        }

        var text = (which == "stdout" ? run.Stdout : run.Stderr) ?? "";
        var first = OutputText.Boundary(text, start ?? (origin == "tail" ? text.Length - size : 0));
        var end = OutputText.Boundary(text, (int)Math.Min((long)first + size, text.Length));
        if (end == first && first < text.Length)
        {
            // A one-character page that would split a pair takes the whole pair instead.
            end = Math.Min(first + 2, text.Length);
        }

        var page = new RunLogPage(
            run.Id, which, run.Status, RunStatus.IsTerminal(run.Status), text.Length, first, end - first,
            end < text.Length ? end : null, first > 0 ? OutputText.Boundary(text, first - size) : null, text[first..end]);
        return Results.Text(JsonSerializer.Serialize(page, EventsJsonContext.Default.RunLogPage), "application/json", System.Text.Encoding.UTF8);
    }
}

internal sealed record RunLogPage(
    string RunId, string Stream, string Status, bool Complete, int TotalLength, int Offset, int Length, int? NextOffset, int? PrevOffset, string Text);
