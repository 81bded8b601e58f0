namespace Hydra.Functions.Hosting;

/// <summary>How the app is hosted: under the Azure Functions host (custom handler) or on its own lean host.</summary>
internal sealed class HostingOptions
{
    /// <summary>FUNCTIONS_CUSTOMHANDLER_PORT, set by the Functions host when it launches us.</summary>
    public int? CustomHandlerPort { get; set; }

    /// <summary>HYDRA_URLS: where the lean host listens; default http://127.0.0.1:7071.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:7071";

    public bool UnderFunctionsHost => CustomHandlerPort is not null;

    /// <summary>The addresses Kestrel binds: only loopback on the handler port under the Functions host.</summary>
    public string ListenUrls => UnderFunctionsHost ? $"http://127.0.0.1:{CustomHandlerPort}" : Urls;

    public static HostingOptions From(IConfiguration config)
    {
        var options = new HostingOptions();
        var port = config["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (!string.IsNullOrWhiteSpace(port))
        {
            options.CustomHandlerPort = int.TryParse(port, out var p) && p is > 0 and < 65536
                ? p
                : throw new InvalidOperationException($"FUNCTIONS_CUSTOMHANDLER_PORT '{port}' is not a TCP port.");
        }

        var urls = config["HYDRA_URLS"];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            options.Urls = urls;
        }

        return options;
    }
}
