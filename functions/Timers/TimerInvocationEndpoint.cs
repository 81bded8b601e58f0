using System.Text.Json.Nodes;
using Hydra.Functions.Auth;
using Hydra.Functions.Catalog;
using Hydra.Functions.Hosting;
using Hydra.Functions.Http;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Timers;

/// <summary>
/// <c>POST /&lt;FunctionName&gt;</c>: how the Azure Functions host invokes a timer function of a custom handler.
/// In: <c>{"Data": {"timer": TimerInfo}, "Metadata": {...}}</c> (read leniently; nothing in it is needed).
/// Out: 200 <c>application/json</c> <c>{"Outputs": {}, "Logs": [...], "ReturnValue": null}</c>; a failure is a
/// non-2xx status, which the host records as a failed invocation.
/// Under the Functions host only the host can reach this port (loopback); on the lean host it needs the admin token.
/// </summary>
internal static class TimerInvocationEndpoint
{
    public static void Map(WebApplication app)
    {
        foreach (var function in FunctionTable.Timers)
        {
            app.MapPost("/" + function.Name, (HttpContext http, TimerInvoker invoker, IOptions<HostingOptions> hosting, AdminTokenSource admin, CancellationToken ct) =>
                InvokeAsync(function, http, invoker, hosting.Value, admin, ct));
        }
    }

    private static async Task<IResult> InvokeAsync(
        FunctionDefinition function, HttpContext http, TimerInvoker invoker, HostingOptions hosting, AdminTokenSource admin, CancellationToken ct)
    {
        if (!hosting.UnderFunctionsHost)
        {
            var token = TokenReader.Read(http.Request);
            if (token is null || !admin.IsAdmin(token))
            {
                return Problems.Unauthorized("Timer functions are invoked by the Functions host; on the lean host they need the admin token.");
            }
        }

        try
        {
            var outcome = await invoker.InvokeAsync(function, ct);
            return Reply(200, [$"{function.Name}: {outcome.Log}"]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Reply(500, [$"{function.Name} failed: {ex.Message}"]);
        }
    }

    private static IResult Reply(int status, IEnumerable<string> logs)
    {
        var body = new JsonObject
        {
            ["Outputs"] = new JsonObject(),
            ["Logs"] = new JsonArray(logs.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            ["ReturnValue"] = null,
        };
        return Results.Content(body.ToJsonString(), "application/json", statusCode: status);
    }
}
