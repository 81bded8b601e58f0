using Hydra.Functions.Catalog;

namespace Hydra.Functions.Hosting;

/// <summary>Maps every HTTP function of the table under <c>/api</c>; its metadata carries the auth policy AuthMiddleware enforces.</summary>
internal static class FunctionRoutes
{
    public const string Prefix = "/api";

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup(Prefix);
        foreach (var function in FunctionTable.Http)
        {
            var http = function.Http!;
            api.MapMethods(http.Route, http.Methods, function.HttpHandler!)
                .WithName(function.Name)
                .WithMetadata(function);
        }

        // Readiness: the Functions host polls GET / and counts any answer as ready.
        app.MapGet("/", () => Results.Text("Hydra.Functions is running. The API is under /api.\n"))
            .ExcludeFromDescription();
    }
}
