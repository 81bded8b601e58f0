namespace Hydra.Functions.Auth;

/// <summary>Finds the presented token: <c>x-api-key</c>, else <c>Authorization: Bearer</c>, else <c>?token=</c> (EventSource cannot set headers).</summary>
internal static class TokenReader
{
    public static string? Read(HttpRequest request)
    {
        var apiKey = request.Headers["x-api-key"].ToString();
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            return apiKey.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var bearer = authorization["Bearer ".Length..].Trim();
            if (bearer.Length > 0)
            {
                return bearer;
            }
        }

        var query = request.Query["token"].ToString();
        return string.IsNullOrWhiteSpace(query) ? null : query.Trim();
    }

    /// <summary>The domain an admin names: <c>x-domain</c> header, else <c>?domain=</c>.</summary>
    public static string? NamedDomain(HttpRequest request)
    {
        var header = request.Headers["x-domain"].ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }

        var query = request.Query["domain"].ToString();
        return string.IsNullOrWhiteSpace(query) ? null : query.Trim();
    }
}
