namespace Hydra.Functions.Auth;

internal sealed class AuthOptions
{
    /// <summary>ADMIN_TOKEN; when empty, one is generated on first start, stored as a hash and printed once.</summary>
    public string? AdminToken { get; set; }

    /// <summary>The domain the admin acts in when a request names none (hydra-jobs: <c>admin</c>).</summary>
    public string AdminDomain { get; set; } = "admin";
}
