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

    /// <summary>Static files first in the pipeline, so asset requests never reach routing or auth.</summary>
    public static void UseFiles(WebApplication app, string? root)
    {
        if (root is not null)
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root) });
        }
    }

    /// <summary><c>GET /</c> and the SPA fallback; unknown <c>/api</c> paths stay a problem+json 404.</summary>
    public static void MapIndex(WebApplication app, string? root)
    {
        if (root is null)
        {
            // Readiness: the Functions host polls GET / and counts any answer as ready.
            app.MapGet("/", () => Results.Text("Hydra.Functions is running. The API is under /api.\n"))
                .ExcludeFromDescription();
            return;
        }

        var index = Path.Combine(root, "index.html");
        app.MapGet("/", () => Results.File(index, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("{*path:nonfile}", (string? path) =>
                path is not null && (path.Equals("api", StringComparison.OrdinalIgnoreCase) || path.StartsWith("api/", StringComparison.OrdinalIgnoreCase))
                    ? Results.Problem(detail: $"There is no API function at '/{path}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
                    : Results.File(index, "text/html; charset=utf-8"))
            .WithOrder(int.MaxValue)
            .ExcludeFromDescription();
    }
}
