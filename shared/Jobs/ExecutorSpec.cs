namespace Hydra.Shared.Jobs;

/// <summary>
/// What to run. One shape for every <c>type</c> (shell, batch, python, external, http);
/// fields that do not apply to a type are ignored, and the validator names the ones a type requires.
/// </summary>
public sealed class ExecutorSpec
{
    /// <summary>shell | batch | python | external | http.</summary>
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
    /// <summary>Create <see cref="Workdir"/> when missing; otherwise a missing workdir fails the attempt with a reason.</summary>
    public bool? CreateWorkdir { get; set; }

    /// <summary>http: GET (default), POST, PUT, PATCH, DELETE, HEAD, OPTIONS.</summary>
    public string? Method { get; set; }
    /// <summary>http: an absolute http:// or https:// URL.</summary>
    public string? Url { get; set; }
    /// <summary>http: request headers; <c>${NAME}</c> in a value is read from the worker's environment (secrets stay on the worker).</summary>
    public Dictionary<string, string>? Headers { get; set; }
    /// <summary>http: the request body, sent as given.</summary>
    public string? Body { get; set; }
    /// <summary>http: seconds the request may take (the job's timeout still bounds the attempt).</summary>
    public int? Timeout { get; set; }
    /// <summary>http: status codes that count as success; empty means any 2xx.</summary>
    public List<int>? SuccessStatusCodes { get; set; }
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
