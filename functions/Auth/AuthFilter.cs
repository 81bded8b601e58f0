using Hydra.Functions.Catalog;
using Hydra.Functions.Http;

namespace Hydra.Functions.Auth;

/// <summary>
/// Enforces a function's <see cref="AuthPolicy"/> before its handler runs and attaches the <see cref="Caller"/>.
/// Missing or unknown token → 401; a domain token on an admin function → 403.
/// </summary>
internal sealed class AuthFilter(AuthPolicy policy) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (policy == AuthPolicy.Public)
        {
            TryAttach(http);
            return await next(context);
        }

        var token = TokenReader.Read(http.Request);
        if (token is null)
        {
            return Problems.Unauthorized("A token is required: send it as x-api-key, Authorization: Bearer, or ?token=.");
        }

        var caller = Resolve(http, token);
        if (caller is null)
        {
            return Problems.Unauthorized("The token is not valid.");
        }

        if (policy == AuthPolicy.Admin && !caller.IsAdmin)
        {
            return Problems.Forbidden("This function needs the admin token.");
        }

        caller.AttachTo(http);
        return await next(context);
    }

    /// <summary>Public functions still learn who calls when a valid token is sent (to reveal more detail).</summary>
    private static void TryAttach(HttpContext http)
    {
        var token = TokenReader.Read(http.Request);
        if (token is not null)
        {
            Resolve(http, token)?.AttachTo(http);
        }
    }

    private static Caller? Resolve(HttpContext http, string token)
    {
        var admin = http.RequestServices.GetRequiredService<AdminTokenSource>();
        if (!admin.IsAdmin(token))
        {
            return null;
        }

        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value;
        var named = TokenReader.NamedDomain(http.Request);
        return new Caller(IsAdmin: true, Domain: named ?? options.AdminDomain, DomainNamed: named is not null, Actor: "admin");
    }
}
