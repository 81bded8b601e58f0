using Hydra.Functions.Catalog;
using Hydra.Functions.Http;

namespace Hydra.Functions.Auth;

/// <summary>
/// Enforces each function's <see cref="AuthPolicy"/> after routing picked the endpoint and before its parameters
/// are bound, and attaches the <see cref="Caller"/> that handlers take as a parameter.
/// Missing or unknown token → 401; a domain token on an admin function → 403; an admin naming a domain that does
/// not exist → 404. Endpoints outside the function table (readiness, timer invocations) handle their own access.
/// </summary>
internal sealed class AuthMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, CallerResolver resolver, Store.IDomainStore domains)
    {
        var function = http.GetEndpoint()?.Metadata.GetMetadata<FunctionDefinition>();
        if (function is null || HttpMethods.IsOptions(http.Request.Method))
        {
            await next(http);
            return;
        }

        var token = TokenReader.Read(http.Request);
        var caller = token is null ? null : await resolver.ResolveAsync(http.Request, token, http.RequestAborted);
        if (function.Auth != AuthPolicy.Public)
        {
            var denied = caller switch
            {
                null when token is null => Problems.Unauthorized("A token is required: send it as x-api-key, Authorization: Bearer, or ?token=."),
                null => Problems.Unauthorized("The token is not valid."),
                { IsAdmin: false } when function.Auth == AuthPolicy.Admin => Problems.Forbidden("This function needs the admin token."),
                _ => null,
            };

            if (denied is not null)
            {
                await denied.ExecuteAsync(http);
                return;
            }
        }

        if (caller is { IsAdmin: true, DomainNamed: true } && function.Auth != AuthPolicy.Admin
            && await domains.GetAsync(caller.Domain, http.RequestAborted) is null)
        {
            // Checked here, once, so no handler builds Redis keys or rows for a domain nobody created.
            await Problems.NotFound($"Domain '{caller.Domain}' does not exist (named by x-domain or ?domain=).").ExecuteAsync(http);
            return;
        }

        caller?.AttachTo(http);
        await next(http);
    }
}
