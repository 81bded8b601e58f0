using Microsoft.Extensions.FileProviders;

namespace Hydra.Functions.Hosting;

/// <summary>
/// Serves the React control plane (ui/dist) at <c>/</c>: its files, and index.html for any other GET outside
/// <c>/api</c> so client-side routes survive a reload. The folder is HYDRA_UI_DIR, else the first ui/dist found in
/// the working directory or above the app's base directory (the repository layout). Without one, <c>/</c> answers
/// a line of text, which is all the Functions host's readiness probe needs.
/// </summary>
internal static class UiFiles
{
    private const int ParentsToSearch = 6;

    public static string? Locate(IConfiguration config)
    {
        var configured = config["HYDRA_UI_DIR"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var dir = new DirectoryInfo(start);
            for (var i = 0; dir is not null && i < ParentsToSearch; i++, dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "ui", "dist");
                if (File.Exists(Path.Combine(candidate, "index.html")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Static files first in the pipeline, so asset requests never reach routing or auth; then index.html for any
    /// other GET outside <c>/api</c> without a file extension (client-side routes). This is middleware, not a
    /// catch-all route, so it cannot turn an unknown API path into a 405 or hide a route's 405.
    /// </summary>
    public static void UseFiles(WebApplication app, string? root)
    {
        if (root is null)
        {
            return;
        }

        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root) });
        var index = Path.Combine(root, "index.html");
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            if ((HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                && !path.StartsWithSegments(FunctionRoutes.Prefix, StringComparison.OrdinalIgnoreCase)
                && !Path.HasExtension(path.Value))
            {
                http.Response.ContentType = "text/html; charset=utf-8";
                http.Response.Headers.CacheControl = "no-cache";
                await http.Response.SendFileAsync(index, http.RequestAborted);
                return;
            }

            await next(http);
        });
    }

    /// <summary>Without a built UI, <c>GET /</c> answers a line of text for the Functions host's readiness probe.</summary>
    public static void MapIndex(WebApplication app, string? root)
    {
        if (root is null)
        {
            app.MapGet("/", () => Results.Text("Hydra.Functions is running. The API is under /api.\n"))
                .ExcludeFromDescription();
        }
    }
}
