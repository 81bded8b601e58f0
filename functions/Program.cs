using Hydra.Functions.Catalog;
using Hydra.Functions.Hosting;

// `--write-manifest DIR` renders host.json and the function.json folders from the function table and exits;
// the build runs it so `func start` works from the build output.
if (args.Length == 2 && args[0] == "--write-manifest")
{
    FunctionManifest.Write(args[1]);
    return;
}

var app = HydraApp.Build(args);
await HydraApp.InitializeAsync(app, CancellationToken.None);
await app.RunAsync();

/// <summary>Entry point; public so WebApplicationFactory&lt;Program&gt; can host the app in tests.</summary>
public partial class Program;
