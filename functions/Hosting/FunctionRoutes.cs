using Hydra.Functions.Catalog;

namespace Hydra.Functions.Hosting;

/// <summary>
/// Maps every HTTP function of the table under <c>/api</c>; its metadata carries the auth policy AuthMiddleware enforces
/// and the reply shapes of the OpenAPI document (<see cref="ApiDescription"/>).
/// </summary>
internal static class FunctionRoutes
{
    public const string Prefix = "/api";

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup(Prefix);
        foreach (var function in FunctionTable.Http)
        {
            var http = function.Http!;
            var route = api.MapMethods(http.Route, http.Methods, function.HttpHandler!)
                .WithName(function.Name)
                .WithMetadata(function);
            ApiDescription.Describe(route, function);
        }

        ApiDescription.Map(app);
    }
}
