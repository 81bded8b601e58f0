namespace Hydra.Shared.Jobs;

/// <summary>
/// What to run. One shape for every <c>type</c> (shell, batch, python, external, and later http);
/// fields that do not apply to a type are ignored, and the validator names the ones a type requires.
/// </summary>
public sealed class ExecutorSpec
{
    /// <summary>shell | batch | python | external.</summary>
    public string? Type { get; set; }
    /// <summary>shell/batch: the script. python: alias of <see cref="Code"/>.</summary>
    public string? Script { get; set; }
    /// <summary>shell: bash (default), sh, zsh, pwsh, powershell. batch: cmd.</summary>
    public string? Shell { get; set; }
    /// <summary>python: the code to run.</summary>
    public string? Code { get; set; }
    /// <summary>python: the interpreter, default python3.</summary>
    public string? Interpreter { get; set; }
    public PythonEnvironmentSpec? Environment { get; set; }
    /// <summary>external: the program to start, without a shell.</summary>
    public string? Command { get; set; }
    public List<string>? Args { get; set; }
    /// <summary>Overlaid on the worker's environment. A value is a string or a secret reference (<see cref="EnvValue"/>).</summary>
    public Dictionary<string, EnvValue>? Env { get; set; }
    public string? Workdir { get; set; }
}

public sealed class PythonEnvironmentSpec
{
    /// <summary>system (default) | venv | uv.</summary>
    public string? Type { get; set; }
    public string? PythonVersion { get; set; }
    public string? VenvPath { get; set; }
    public List<string>? Requirements { get; set; }
    public string? RequirementsFile { get; set; }
}
