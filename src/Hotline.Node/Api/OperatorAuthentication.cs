using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hotline.Node.Api;

/// <summary>
/// Bearer-token check for the operator API: the token in DATA/operator.token, compared in constant time.
/// (Named operator accounts and roles for the console come with the console.)
/// </summary>
public sealed class OperatorAuthentication(NodeRuntime node) : IEndpointFilter
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(node.Data.ReadOperatorToken());

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), _token))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "Send the operator token from the data directory as 'Authorization: Bearer <token>'.");
        }

        return await next(context).ConfigureAwait(false);
    }
}
