using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hotline.Node.Api;

/// <summary>
/// Bearer-token check for the operator API: the token in DATA/operator.token, compared in constant time.
/// Middleware, not an endpoint filter, so an unauthenticated request is refused before its body is even read
/// (a filter runs after binding, and would answer a malformed body with 400 instead of 401).
/// (Named operator accounts and roles for the console come with the console.)
/// </summary>
public sealed class OperatorAuthentication(NodeRuntime node)
{
    public const string PathPrefix = "/api";

    private readonly byte[] _token = Encoding.UTF8.GetBytes(node.Data.ReadOperatorToken());

    public bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), _token);
    }
}

public static class OperatorAuthenticationExtensions
{
    /// <summary>Refuses every request under /api that does not carry the operator token.</summary>
    public static IApplicationBuilder UseOperatorAuthentication(this IApplicationBuilder app)
    {
        var authentication = app.ApplicationServices.GetService(typeof(OperatorAuthentication)) as OperatorAuthentication
            ?? throw new InvalidOperationException("AddHotlineNode registers OperatorAuthentication.");
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(OperatorAuthentication.PathPrefix, StringComparison.OrdinalIgnoreCase)
                && !authentication.IsAuthorized(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await TypedResults.Problem(statusCode: 401, title: "Unauthorized",
                    detail: "Send the operator token from the data directory as 'Authorization: Bearer <token>'.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }
}
