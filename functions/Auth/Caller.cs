namespace Hydra.Functions.Auth;

/// <summary>
/// Who is calling and in which domain they act. The admin acts in the domain it names (<c>x-domain</c> or
/// <c>?domain=</c>, default <see cref="AuthOptions.AdminDomain"/>) and, unless it named one, sees every domain.
/// </summary>
internal sealed record Caller(bool IsAdmin, string Domain, bool DomainNamed, string Actor)
{
    private const string ItemKey = "hydra.caller";

    /// <summary>The domain filter for reads: null (every domain) for an admin that named none.</summary>
    public string? Scope => IsAdmin && !DomainNamed ? null : Domain;

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;

    /// <summary>Minimal-API binding: handlers take a <see cref="Caller"/> parameter; the auth filter set it.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(context.Items.TryGetValue(ItemKey, out var value) ? value as Caller : null);
}
