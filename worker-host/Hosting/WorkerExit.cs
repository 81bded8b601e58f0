namespace Hydra.WorkerHost.Hosting;

/// <summary>
/// How the worker process ends. A refused token is not something a restart fixes, so the worker says why in one
/// clear line, stops the host and exits with <see cref="RefusedCode"/> (a supervisor sees a failure, not a clean stop).
/// </summary>
internal sealed class WorkerExit(IHostApplicationLifetime lifetime, ILogger<WorkerExit> log)
{
    public const int RefusedCode = 3;

    public int Code { get; private set; }

    public void Refuse(string reason)
    {
        log.LogCritical("{Reason}", reason);
        // Also on stderr, so it is seen however logging is configured.
        Console.Error.WriteLine("Hydra.WorkerHost: " + reason);
        Code = RefusedCode;
        lifetime.StopApplication();
    }
}
