using Cronos;

namespace Hydra.Functions.Catalog;

/// <summary>
/// Who may call an HTTP function. Every function declares one; there is no default: the zero value is not a policy
/// (so an unset one is caught), and <see cref="FunctionDefinition.Auth"/> is <c>required</c>.
/// </summary>
internal enum AuthPolicy
{
    /// <summary>No token needed; reveals liveness only.</summary>
    Public = 1,
    /// <summary>A domain token (acting in its domain) or the admin token (acting in the domain it names).</summary>
    Domain,
    /// <summary>The admin token only.</summary>
    Admin,
}

/// <summary>An HTTP trigger: methods and a route template relative to <c>/api</c>.</summary>
internal sealed record HttpTrigger(IReadOnlyList<string> Methods, string Route);

/// <summary>
/// A timer trigger: a 6-field NCRONTAB schedule with seconds, as Azure Functions timer triggers use,
/// parsed with Cronos (<see cref="CronFormat.IncludeSeconds"/>).
/// </summary>
internal sealed record TimerTrigger(string Schedule)
{
    public CronExpression Parse() => CronExpression.Parse(Schedule, CronFormat.IncludeSeconds);
}

/// <summary>What a timer function reports: a line for the Functions host's invocation log.</summary>
internal sealed record TimerOutcome(string Log);

/// <summary>
/// One function of the app. Exactly one of <see cref="Http"/> or <see cref="Timer"/> is set; the handler is a
/// minimal-API delegate for HTTP functions and <see cref="TimerHandler"/> for timers.
/// </summary>
internal sealed record FunctionDefinition
{
    public required string Name { get; init; }
    public HttpTrigger? Http { get; init; }
    public TimerTrigger? Timer { get; init; }
    public required AuthPolicy Auth { get; init; }
    public Delegate? HttpHandler { get; init; }
    public Func<IServiceProvider, CancellationToken, Task<TimerOutcome>>? TimerHandler { get; init; }

    public static FunctionDefinition Get(string name, string route, AuthPolicy auth, Delegate handler) =>
        HttpFunction(name, ["GET"], route, auth, handler);

    public static FunctionDefinition Post(string name, string route, AuthPolicy auth, Delegate handler) =>
        HttpFunction(name, ["POST"], route, auth, handler);

    public static FunctionDefinition Put(string name, string route, AuthPolicy auth, Delegate handler) =>
        HttpFunction(name, ["PUT"], route, auth, handler);

    public static FunctionDefinition Delete(string name, string route, AuthPolicy auth, Delegate handler) =>
        HttpFunction(name, ["DELETE"], route, auth, handler);

    public static FunctionDefinition HttpFunction(string name, IReadOnlyList<string> methods, string route, AuthPolicy auth, Delegate handler) =>
        new() { Name = name, Http = new HttpTrigger(methods, route), Auth = auth, HttpHandler = handler };

    public static FunctionDefinition TimerFunction(string name, string schedule, Func<IServiceProvider, CancellationToken, Task<TimerOutcome>> handler) =>
        new() { Name = name, Timer = new TimerTrigger(schedule), Auth = AuthPolicy.Admin, TimerHandler = handler };
}
