using Hotline.Domain;
using Hotline.Node.Contacts;
using Hotline.Node.Federation;
using Hotline.Node.Messaging;
using Hotline.Node.Relay;
using Hotline.Protocol;
using Hotline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hotline.Node.Api;

/// <summary>The operator API used by the CLI (docs/api.md). Thin handlers: bind, load, decide, do, map.</summary>
public static class OperatorEndpoints
{
    public const int MaxPage = 10_000;

    public static RouteGroupBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        // Authentication: OperatorAuthentication middleware (UseOperatorAuthentication) guards all of /api.
        var group = app.MapGroup("/api/v1").WithTags("Operator");
        group.MapGet("/status", StatusAsync);
        group.MapPost("/invitations", InviteAsync);
        group.MapPost("/links/accept", AcceptAsync);
        group.MapGet("/links", LinksAsync);
        group.MapPost("/messages", SendAsync);
        group.MapGet("/inbox", InboxAsync);
        group.MapGet("/outbox", OutboxAsync);
        return group;
    }

    private static async Task<Ok<NodeStatusDto>> StatusAsync(NodeRuntime node, OutboxRelay relay, SuspensionService suspensions, TimeProvider time, CancellationToken cancellationToken)
        => TypedResults.Ok(new NodeStatusDto(node.Name, node.ListenUrl, await LinkDtosAsync(node, relay, suspensions, time, cancellationToken).ConfigureAwait(false),
            Convert.ToBase64String(node.SigningKey.PublicKey)));

    private static async Task<Ok<IReadOnlyList<LinkDto>>> LinksAsync(NodeRuntime node, OutboxRelay relay, SuspensionService suspensions, TimeProvider time, CancellationToken cancellationToken)
        => TypedResults.Ok(await LinkDtosAsync(node, relay, suspensions, time, cancellationToken).ConfigureAwait(false));

    private static async Task<IReadOnlyList<LinkDto>> LinkDtosAsync(NodeRuntime node, OutboxRelay relay, SuspensionService suspensions, TimeProvider time, CancellationToken cancellationToken)
    {
        var links = await node.Store.GetLinksAsync(cancellationToken).ConfigureAwait(false);
        var backlogs = (await node.Store.GetBacklogsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(b => b.LinkId);
        var result = new List<LinkDto>(links.Count);
        foreach (var link in links)
        {
            var backlog = backlogs.GetValueOrDefault(link.Id);
            var suspension = await suspensions.GetAsync(link.Id, cancellationToken).ConfigureAwait(false);
            result.Add(new LinkDto(link.Id.ToString("D"), link.PeerName, LinkState(relay.IsReachable(link.Id), link.LastContactAt, time.GetUtcNow()),
                backlog?.Undelivered ?? 0, link.LastContactAt, link.SafetyNumber, link.PeerEndpoints, backlog?.OldestUndeliveredAt,
                (suspension.OursActive ?? suspension.TheirsActive) is { } active
                    ? $"suspended by {(active.Ours ? node.Name : link.PeerName)} since {active.At:yyyy-MM-dd HH:mm}Z: {active.Reason}"
                    : null));
        }

        return result;
    }

    /// <summary>up: the last exchange succeeded; down: it failed; idle: nothing exchanged since this node started.</summary>
    private static string LinkState(bool? reachable, DateTimeOffset? lastContact, DateTimeOffset now) => reachable switch
    {
        true => "up",
        false => "down",
        null => lastContact is { } at && now - at < TimeSpan.FromMinutes(5) ? "up" : "idle",
    };

    private static async Task<Ok<InvitationDto>> InviteAsync(CreateInvitationRequest? request, PairingService pairing, CancellationToken cancellationToken)
    {
        var minutes = Math.Clamp(request?.ExpiresInMinutes ?? (int)PairingService.DefaultInvitationLifetime.TotalMinutes, 1, 7 * 24 * 60);
        var (token, expiresAt) = await pairing.InviteAsync(TimeSpan.FromMinutes(minutes), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new InvitationDto(token, expiresAt));
    }

    private static async Task<Results<Ok<AcceptedLinkDto>, ProblemHttpResult>> AcceptAsync(AcceptInvitationRequest request, PairingService pairing, CancellationToken cancellationToken)
    {
        try
        {
            var link = await pairing.AcceptAsync(request.Token ?? "", cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new AcceptedLinkDto(link.Id.ToString("D"), link.PeerName, link.SafetyNumber));
        }
        catch (PairingException ex)
        {
            return TypedResults.Problem(statusCode: 422, title: "Pairing failed", detail: ex.Message);
        }
        catch (StorageException ex) when (!ex.IsTransient)
        {
            return TypedResults.Problem(statusCode: 409, title: "Pairing failed", detail: ex.Message);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<MessageIdDto>>, ProblemHttpResult>> SendAsync(
        SendMessagesRequest request, NodeRuntime node, MessageSubmission submission, CancellationToken cancellationToken)
    {
        var link = await node.Store.FindLinkAsync(request.Link ?? "", cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return UnknownLink(request.Link);
        }

        var precedence = Precedence.Routine;
        if (request.Precedence is not null && !PrecedenceNames.TryParse(request.Precedence, out precedence))
        {
            return TypedResults.Problem(statusCode: 400, title: "Bad precedence", detail: $"'{request.Precedence}' is not one of FLASH, IMMEDIATE, PRIORITY, ROUTINE.");
        }

        try
        {
            var ids = await submission.SubmitAsync(link, precedence, request.From ?? "", request.To ?? "", request.Bodies ?? [], cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok<IReadOnlyList<MessageIdDto>>(ids.Select(id => new MessageIdDto(id.ToString("D"))).ToList());
        }
        catch (SubmissionException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "Message refused", detail: ex.Message);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<InboxItemDto>>, ProblemHttpResult>> InboxAsync(
        NodeRuntime node, InboxReader reader, string? link, long? after, int? limit, CancellationToken cancellationToken)
    {
        var (linkId, unknown) = await LinkFilterAsync(node, link, cancellationToken).ConfigureAwait(false);
        if (unknown is not null)
        {
            return unknown;
        }

        var peers = (await node.Store.GetLinksAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.Id, l => l.PeerName);
        var entries = await node.Store.GetInboxAsync(linkId, after ?? -1, Math.Clamp(limit ?? 1000, 1, MaxPage), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<InboxItemDto>>(entries.Select(entry =>
        {
            var message = reader.Open(entry);
            var envelope = message.Envelope;
            var from = envelope.From.Length > 0 ? envelope.From : peers.GetValueOrDefault(envelope.LinkId, "");
            return new InboxItemDto(envelope.EnvelopeId.ToString("D"), envelope.LinkId.ToString("D"), from, envelope.To.Length > 0 ? envelope.To : null,
                envelope.Sequence, envelope.Precedence.ToName(), message.Opened ? message.Body : "(the body cannot be decrypted with this node's key)",
                envelope.CreatedAt, message.ReceivedAt);
        }).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<OutboxItemDto>>, ProblemHttpResult>> OutboxAsync(
        NodeRuntime node, TimeProvider time, string? link, long? offset, int? limit, CancellationToken cancellationToken)
    {
        var (linkId, unknown) = await LinkFilterAsync(node, link, cancellationToken).ConfigureAwait(false);
        if (unknown is not null)
        {
            return unknown;
        }

        var now = time.GetUtcNow();
        var entries = await node.Store.GetOutboxAsync(linkId, Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 1000, 1, MaxPage), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<OutboxItemDto>>(entries.Select(e =>
        {
            var state = e.DeliveredAt is not null ? DeliveryState.Delivered : e.Sequence is not null ? DeliveryState.Sent : DeliveryState.Queued;
            return new OutboxItemDto(e.EnvelopeId.ToString("D"), e.LinkId.ToString("D"), e.Sequence, e.Precedence.ToName(), state.ToName(),
                e.SubmittedAt, e.SentAt, e.DeliveredAt, e.DeliveredAt is null ? Math.Round((now - e.SubmittedAt).TotalSeconds, 3) : null);
        }).ToList());
    }

    /// <summary>An optional <c>link</c> query (id or peer name) as a link id, or the 404 that names it.</summary>
    internal static async Task<(Guid? LinkId, ProblemHttpResult? Unknown)> LinkFilterAsync(NodeRuntime node, string? link, CancellationToken cancellationToken)
    {
        if (link is null)
        {
            return (null, null);
        }

        var found = await node.Store.FindLinkAsync(link, cancellationToken).ConfigureAwait(false);
        return found is null ? (null, UnknownLink(link)) : (found.Id, null);
    }

    internal static ProblemHttpResult UnknownLink(string? link)
        => TypedResults.Problem(statusCode: 404, title: "Unknown link", detail: $"No link has the id or peer name '{link}'.",
            extensions: new Dictionary<string, object?> { ["reason"] = "UnknownLink" });
}
