using Hydra.Functions.Catalog;
using Hydra.Functions.Health;
using Hydra.Functions.Jobs;
using Hydra.Functions.Runs;
using Hydra.Functions.Workers;
using Hydra.Shared.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace Hydra.Functions.Hosting;

/// <summary>
/// The OpenAPI document served at <c>/api/openapi.json</c>, from which the UI's API types are generated
/// (ui/src/api/openapi.json is a committed snapshot that a test compares with what the app serves).
/// Handlers read their bodies themselves and return <see cref="IResult"/>, so the reply shapes are declared here,
/// by function name, as endpoint metadata; a function not listed still appears, with an untyped reply.
/// </summary>
internal static class ApiDescription
{
    public const string DocumentPath = FunctionRoutes.Prefix + "/openapi.json";

    private sealed record Reply(Type? Body, int Status = StatusCodes.Status200OK, bool TakesJob = false);

    private static readonly Dictionary<string, Reply> Replies = new(StringComparer.Ordinal)
    {
        ["Health"] = new(typeof(HealthReply)),
        ["JobsCreate"] = new(typeof(JobDocument), StatusCodes.Status201Created, TakesJob: true),
        ["JobsList"] = new(typeof(List<JobDocument>)),
        ["JobsValidate"] = new(typeof(ValidationReply), TakesJob: true),
        ["JobsGet"] = new(typeof(JobDocument)),
        ["JobsUpdate"] = new(typeof(JobDocument), TakesJob: true),
        ["JobsDelete"] = new(typeof(DeletedReply)),
        ["JobsValidateExisting"] = new(typeof(ValidationReply), TakesJob: true),
        ["JobsAdhoc"] = new(typeof(JobDocument), StatusCodes.Status201Created, TakesJob: true),
        ["JobsRunNow"] = new(typeof(RunQueuedReply), StatusCodes.Status202Accepted),
        ["JobsRuns"] = new(typeof(List<RunReply>)),
        ["RunsGet"] = new(typeof(RunReply)),
        ["History"] = new(typeof(List<RunReply>)),
        ["OverviewJobs"] = new(typeof(List<JobOverviewReply>)),
        ["WorkersList"] = new(typeof(List<WorkerReply>)),
        ["WorkersSetState"] = new(typeof(WorkerStateReply)),
    };

    public static void AddServices(IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                // The snapshot must not depend on the address the document was fetched from, and the timer
                // endpoints the Functions host POSTs to are not part of the API.
                document.Servers?.Clear();
                document.Info.Title = "Hydra.Functions";
                document.Info.Version = "v1";
                foreach (var path in document.Paths.Keys.Where(p => !p.StartsWith(FunctionRoutes.Prefix + "/", StringComparison.Ordinal)).ToList())
                {
                    document.Paths.Remove(path);
                }

                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, context, _) =>
            {
                // Timestamps go through UtcTimestampConverter, which hides their JSON type from the schema generator.
                if (schema.Type is null && schema.Format == "date-time")
                {
                    var nullable = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is not null;
                    schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
                }

                return Task.CompletedTask;
            });
        });

    /// <summary>Adds reply (and, for job writes, request body) metadata to one function's route.</summary>
    public static void Describe(RouteHandlerBuilder route, FunctionDefinition function)
    {
        if (!Replies.TryGetValue(function.Name, out var reply))
        {
            return;
        }

        if (reply.TakesJob)
        {
            route.Accepts<JobDocument>("application/json");
        }

        route.Produces(reply.Status, reply.Body, "application/json");
        route.Produces<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json");
        if (function.Auth != AuthPolicy.Public)
        {
            route.Produces<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json");
        }

        if (function.Http!.Route.Contains('{', StringComparison.Ordinal))
        {
            route.Produces<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json");
        }
    }

    public static void Map(WebApplication app) => app.MapOpenApi(DocumentPath);
}
