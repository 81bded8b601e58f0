using Hydra.Functions.Store;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Auth;

/// <summary>
/// Turns a presented token into the <see cref="Caller"/> it stands for, or null when it stands for nobody.
/// The admin token acts in the domain the request names (or ADMIN_DOMAIN). A domain token is looked up by its
/// SHA-256 in the store on every request — no cache — so a rotated-out token fails on every instance at once; the
/// stored hash is then compared in constant time. (The indexed lookup itself keys on a hash the caller cannot steer,
/// so its timing says nothing about any real token.)
/// </summary>
internal sealed class CallerResolver(AdminTokenSource admin, IDomainStore domains, IOptions<AuthOptions> options)
{
    /// <summary>How many hex characters of a token's hash name it in the audit log.</summary>
    public const int ActorHashChars = 12;

    public async ValueTask<Caller?> ResolveAsync(HttpRequest request, string token, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (admin.IsAdmin(token))
        {
            var named = TokenReader.NamedDomain(request);
            return new Caller(IsAdmin: true, Domain: named ?? options.Value.AdminDomain, DomainNamed: named is not null, Actor: "admin");
        }

        var hash = TokenHash.Of(token);
        var domain = await domains.FindByTokenHashAsync(hash, ct);
        if (domain?.TokenHash is null || !TokenHash.Matches(token, domain.TokenHash))
        {
            return null;
        }

        // A domain token acts in its own domain whatever the request names.
        return new Caller(IsAdmin: false, Domain: domain.Domain, DomainNamed: true, Actor: "domain:" + hash[..ActorHashChars]);
    }
}
