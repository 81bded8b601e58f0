namespace Hydra.WorkerHost.Execution;

/// <summary>
/// A program to start, exactly as it will be started: no shell parses <see cref="Arguments"/>, each element
/// reaches the child as one argv entry. <see cref="Environment"/> is an overlay on the worker's own environment,
/// not the whole environment, so the worker's PATH, HOME and the like reach the child unless overridden.
/// </summary>
/// <param name="FileName">A program name looked up in PATH (the child's PATH, overlay included), or a path.</param>
/// <param name="Arguments">argv[1..] of the child.</param>
/// <param name="Environment">Variables set in the child on top of the worker's environment; a null value removes one.</param>
/// <param name="WorkingDirectory">The child's working directory; null inherits the worker's. Never created.</param>
internal sealed record ProcessCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    string? WorkingDirectory)
{
    private static readonly Dictionary<string, string?> NoVariables = [];

    /// <summary>A command with no environment overlay and the worker's working directory.</summary>
    public static ProcessCommand Of(string fileName, params IReadOnlyList<string> arguments) =>
        new(fileName, arguments, NoVariables, WorkingDirectory: null);
}
