using Microsoft.Extensions.Options;

namespace Hydra.Functions.Auth;

/// <summary>Turns a presented token into the <see cref="Caller"/> it stands for, or null when it stands for nobody.</summary>
internal sealed class CallerResolver(AdminTokenSource admin, IOptions<AuthOptions> options)
{
    public ValueTask<Caller?> ResolveAsync(HttpRequest request, string token, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!admin.IsAdmin(token))
        {
            return ValueTask.FromResult<Caller?>(null);
        }

        var named = TokenReader.NamedDomain(request);
        return ValueTask.FromResult<Caller?>(
            new Caller(IsAdmin: true, Domain: named ?? options.Value.AdminDomain, DomainNamed: named is not null, Actor: "admin"));
    }
}
