using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Hydra.Shared.Jobs;

/// <summary>The executor's rules: what each type requires, known shells, and bounds on what travels to a worker.</summary>
internal static partial class ExecutorRules
{
    public static void Check(ExecutorSpec executor, FieldErrorList errors)
    {
        var known = string.Join(", ", JobModes.ExecutorTypes);
        switch (executor.Type)
        {
            case null or "":
                errors.Add("executor.type", $"is required: one of {known}");
                break;
            case JobModes.Shell or JobModes.Batch:
                Require(executor.Script, "executor.script", $"is required for a {executor.Type} executor", errors);
                CheckShell(executor.Shell, errors);
                break;
            case JobModes.Python:
                // Either field carries the code (hydra-jobs sent "script"); report under the documented name.
                Require(string.IsNullOrEmpty(executor.Code) ? executor.Script : executor.Code, "executor.code",
                    "is required for a python executor (the code to run; script is accepted as an alias)", errors);
                CheckPythonEnvironment(executor.Environment, errors);
                break;
            case JobModes.External:
                Require(executor.Command, "executor.command", "is required for an external executor (the program to start)", errors);
                break;
            case JobModes.Http:
                HttpExecutorRules.Check(executor, errors);
                break;
            default:
                errors.Add("executor.type", $"must be one of {known}; got '{executor.Type}'");
                break;
        }

        CheckSize("executor.script", executor.Script, errors);
        CheckSize("executor.body", executor.Body, errors);
        CheckSize("executor.code", executor.Code, errors);
        CheckArgs(executor.Args, errors);
        CheckEnv(executor.Env, errors);
    }

    private static void Require(string? value, string field, string message, FieldErrorList errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, message);
        }
    }

    private static void CheckShell(string? shell, FieldErrorList errors)
    {
        if (shell is not null && !JobModes.Shells.Contains(shell))
        {
            errors.Add("executor.shell", $"must be one of {string.Join(", ", JobModes.Shells)}; got '{shell}'");
        }
    }

    private static void CheckPythonEnvironment(PythonEnvironmentSpec? environment, FieldErrorList errors)
    {
        if (environment?.Type is { } type && !JobLimits.PythonEnvironments.Contains(type))
        {
            errors.Add("executor.environment.type", $"must be one of {string.Join(", ", JobLimits.PythonEnvironments)}; got '{type}'");
        }

        errors.Entries("executor.environment.requirements", environment?.Requirements, JobLimits.MaxArgs, JobLimits.MaxCompletionTextLength);
        if (environment?.PythonVersion is { } version && ExecutorNeeds.PythonVersion(version) is null)
        {
            errors.Add("executor.environment.python_version", $"must be a version such as 3.11 or python3.11; got '{version}'");
        }

        if (environment?.VenvPath is { } path && string.IsNullOrWhiteSpace(path))
        {
            errors.Add("executor.environment.venv_path", "must not be blank; leave it out for a temporary virtual environment");
        }
    }

    /// <summary>
    /// An executor that exists on Windows alone must say so in its affinity: otherwise the job would wait forever
    /// on a Linux-only fleet, or (before placement knew) fail on the first Linux worker.
    /// </summary>
    public static void CheckPlacement(ExecutorSpec executor, AffinitySpec? affinity, FieldErrorList errors)
    {
        if (ExecutorNeeds.RequiresWindows(executor)
            && !(affinity?.Os ?? []).Any(os => string.Equals(os?.Trim(), "windows", StringComparison.OrdinalIgnoreCase)))
        {
            var what = executor.Type == JobModes.Batch ? "a batch executor (cmd /c)" : "shell 'powershell' (use 'pwsh' elsewhere)";
            errors.Add("affinity.os", $"must include windows for {what}: it runs on Windows workers only");
        }
    }

    // Measured in UTF-8 bytes: that is what crosses Redis and lands in a temporary file on the worker.
    private static void CheckSize(string field, string? text, FieldErrorList errors)
    {
        if (text is not null && Encoding.UTF8.GetByteCount(text) is var bytes && bytes > JobLimits.MaxScriptBytes)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"must be at most 256 KiB ({JobLimits.MaxScriptBytes} bytes of UTF-8); got {bytes} bytes"));
        }
    }

    private static void CheckArgs(List<string>? args, FieldErrorList errors)
    {
        if (args is null)
        {
            return;
        }

        if (args.Count > JobLimits.MaxArgs)
        {
            errors.Add("executor.args", string.Create(CultureInfo.InvariantCulture, $"must have at most {JobLimits.MaxArgs} entries; got {args.Count}"));
        }

        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is null)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"executor.args[{i}]"), "must be a string, not null");
            }
        }
    }

    private static void CheckEnv(Dictionary<string, EnvValue>? env, FieldErrorList errors)
    {
        if (env is null)
        {
            return;
        }

        if (env.Count > JobLimits.MaxEnvEntries)
        {
            errors.Add("executor.env", string.Create(CultureInfo.InvariantCulture, $"must have at most {JobLimits.MaxEnvEntries} entries; got {env.Count}"));
        }

        foreach (var (name, value) in env)
        {
            if (!EnvName().IsMatch(name))
            {
                errors.Add("executor.env", $"has the name '{name}', which must match ^[A-Za-z_][A-Za-z0-9_]*$");
            }
            else if (value is null)
            {
                errors.Add($"executor.env.{name}", "must be a string or {\"secret\": \"name\"}, not null");
            }
            else if (value.Secret is { } secret && !SecretName().IsMatch(secret))
            {
                errors.Add($"executor.env.{name}.secret", "must be a secret name: 1-128 letters, digits, '.', '-' or '_'");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();

    /// <summary>The rule for secret names (PUT /secrets/{name} uses the same one).</summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
