namespace Hydra.WorkerHost.Execution;

/// <summary>
/// The executor cannot be turned into a command on this worker (unknown shell, batch on Linux, missing script).
/// The message is written for the person who submitted the job and becomes the attempt's failure reason.
/// </summary>
internal sealed class InvalidExecutorException : Exception
{
    public InvalidExecutorException()
    {
    }

    public InvalidExecutorException(string message)
        : base(message)
    {
    }

    public InvalidExecutorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
