using Hotline.Node.Relay;
using Hotline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Federation;

/// <summary>
/// Node-to-node endpoints. No session or token: every request that changes state is authenticated by signatures
/// inside it (the invitation secret and pairing proofs, the checkpoint signature by the pinned peer key).
/// </summary>
public static class FederationEndpoints
{
    public static RouteGroupBuilder MapFederationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/federation/v1").WithTags("Federation");
        group.MapPost("/pair", PairAsync);
        group.MapGet("/links/{linkId:guid}/state", StateAsync);
        group.MapPost("/links/{linkId:guid}/batches", BatchAsync);
        return group;
    }

    private static async Task<Results<Ok<PairResponse>, JsonHttpResult<FederationProblem>>> PairAsync(PairRequest request, PairingService pairing, CancellationToken cancellationToken)
    {
        var (response, problem) = await pairing.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        return response is not null
            ? TypedResults.Ok(response)
            : TypedResults.Json(problem!, FederationJsonContext.Default.FederationProblem, statusCode: problem!.Reason == "conflict" ? 409 : 422);
    }

    private static async Task<Results<Ok<LinkStateResponse>, JsonHttpResult<FederationProblem>>> StateAsync(
        Guid linkId, NodeRuntime node, OutboxRelay relay, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await node.Store.FindLinkAsync(linkId.ToString("D"), cancellationToken).ConfigureAwait(false) is null)
        {
            return UnknownLink(linkId, loggers);
        }

        relay.SignOfLife(linkId);
        var inbound = await node.Store.LoadFrontierAsync(linkId, LogDirection.Inbound, cancellationToken).ConfigureAwait(false);
        var outbound = await node.Store.LoadFrontierAsync(linkId, LogDirection.Outbound, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new LinkStateResponse(inbound.Size, outbound.Size));
    }

    private static async Task<Results<Ok<ReceiptResponse>, JsonHttpResult<FederationProblem>>> BatchAsync(
        Guid linkId, BatchRequest request, NodeRuntime node, InboundTranscripts inbound, OutboxRelay relay, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var link = await node.Store.FindLinkAsync(linkId.ToString("D"), cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return UnknownLink(linkId, loggers);
        }

        var outcome = await inbound.ReceiveAsync(link, request, cancellationToken).ConfigureAwait(false);
        // Only a batch that verified is a sign of life; a forged one must not steer our relay.
        if (outcome is InboundOutcome.Receipt or InboundOutcome.Refused { StatusCode: 409 })
        {
            relay.SignOfLife(linkId);
        }

        return outcome switch
        {
            InboundOutcome.Receipt receipt => TypedResults.Ok(receipt.Response),
            InboundOutcome.Refused refused => TypedResults.Json(refused.Problem, FederationJsonContext.Default.FederationProblem, statusCode: refused.StatusCode),
            _ => throw new InvalidOperationException("Unknown inbound outcome."),
        };
    }

    private static JsonHttpResult<FederationProblem> UnknownLink(Guid linkId, ILoggerFactory loggers)
    {
        Log.UnknownLink(loggers.CreateLogger(typeof(FederationEndpoints)), linkId);
        return TypedResults.Json(new FederationProblem("unknown-link", $"this node has no link {linkId}"), FederationJsonContext.Default.FederationProblem, statusCode: 404);
    }
}
