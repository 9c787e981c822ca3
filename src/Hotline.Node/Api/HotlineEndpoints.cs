using Hotline.Domain.ContactRequests;
using Hotline.Domain.Directory;
using Hotline.Node.Contacts;
using Hotline.Node.Directories;
using Hotline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hotline.Node.Api;

/// <summary>
/// The hotline part of the operator API (docs/api.md): directory, counterparts, contact requests, suspension, report,
/// notifications. Changes name their operator in the <see cref="OperatorHeader"/> header; refusals are problem
/// details with a <c>reason</c> code and change nothing.
/// </summary>
public static class HotlineEndpoints
{
    public const string OperatorHeader = "Hotline-Operator";

    public static RouteGroupBuilder MapHotlineApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Hotline");
        group.MapGet("/directory", GetDirectoryAsync);
        group.MapPut("/directory", ImportDirectoryAsync);
        group.MapGet("/links/{link}/directory", GetPeerDirectoryAsync);
        group.MapGet("/counterparts", CounterpartsAsync);
        group.MapPost("/requests", OpenRequestAsync);
        group.MapGet("/requests", ListRequestsAsync);
        group.MapGet("/requests/{id}", GetRequestAsync);
        group.MapPost("/requests/{id}/actions", ActAsync);
        group.MapGet("/disagreements", DisagreementsAsync);
        group.MapGet("/links/{link}/suspension", GetSuspensionAsync);
        group.MapPost("/links/{link}/suspend", (string link, SuspensionRequestDto body, HttpContext http, NodeRuntime node, SuspensionService service, CancellationToken ct)
            => SetSuspensionAsync(link, true, body, http, node, service, ct));
        group.MapPost("/links/{link}/resume", (string link, SuspensionRequestDto body, HttpContext http, NodeRuntime node, SuspensionService service, CancellationToken ct)
            => SetSuspensionAsync(link, false, body, http, node, service, ct));
        group.MapGet("/report", ReportAsync);
        group.MapGet("/notifications", NotificationsAsync);
        group.MapGet("/misbehaviour", MisbehaviourAsync);
        return group;
    }

    private static async Task<Results<Ok<DirectoryDocumentDto>, ProblemHttpResult>> GetDirectoryAsync(DirectoryService directories, CancellationToken cancellationToken)
        => await directories.GetOwnDocumentAsync(cancellationToken).ConfigureAwait(false) is { } document
            ? TypedResults.Ok(document)
            : Problem(404, "No directory", "This node has no directory yet: import one (hotline directory import).", "NoDirectory");

    private static async Task<Results<Ok<DirectoryImportDto>, ProblemHttpResult>> ImportDirectoryAsync(
        DirectoryDocumentDto document, HttpContext http, DirectoryService directories, CancellationToken cancellationToken)
    {
        if (Operator(http) is not { } actor)
        {
            return NoOperator();
        }

        try
        {
            return TypedResults.Ok(await directories.ImportAsync(document, actor, cancellationToken).ConfigureAwait(false));
        }
        catch (DirectoryException ex)
        {
            return Problem(422, "Directory refused", ex.Message, ex.Reason);
        }
    }

    private static async Task<Results<Ok<PeerDirectoryDto>, ProblemHttpResult>> GetPeerDirectoryAsync(
        string link, NodeRuntime node, DirectoryService directories, CancellationToken cancellationToken)
    {
        if (await node.Store.FindLinkAsync(link, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return OperatorEndpoints.UnknownLink(link);
        }

        if (await directories.GetPeerAsync(found.Id, cancellationToken).ConfigureAwait(false) is not { } peer)
        {
            return Problem(404, "No directory yet", $"{found.PeerName} has not shared its directory on this link yet.", "NoDirectory");
        }

        return TypedResults.Ok(new PeerDirectoryDto(found.Id.ToString("D"), found.PeerName, peer.Directory.Party, peer.Directory.Version,
            [.. peer.Directory.Positions.Select(DirectoryService.ToDto)],
            [.. peer.Counterparts.Select(c => new CounterpartRuleDto(node.Name, c.For, c.Counterpart))], peer.ReceivedAt));
    }

    private static async Task<Results<Ok<IReadOnlyList<CounterpartDto>>, ProblemHttpResult>> CounterpartsAsync(
        string? link, string? @for, NodeRuntime node, DirectoryService directories, ContactRequestService requests, CancellationToken cancellationToken)
    {
        if (await node.Store.FindLinkAsync(link ?? "", cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return OperatorEndpoints.UnknownLink(link);
        }

        var own = await directories.GetOwnDocumentAsync(cancellationToken).ConfigureAwait(false);
        var ownDirectory = await directories.GetOwnAsync(cancellationToken).ConfigureAwait(false);
        if (own is null || ownDirectory?.Find(new PositionId(@for ?? "")) is not { } position)
        {
            return Problem(404, "Unknown position", $"'{@for}' is not a position in our directory.", "UnknownPosition");
        }

        if (await directories.GetPeerAsync(found.Id, cancellationToken).ConfigureAwait(false) is not { } peer)
        {
            return Problem(404, "No directory yet", $"{found.PeerName} has not shared its directory on this link yet, so there is no one to rank.", "NoDirectory");
        }

        var rules = (own.Counterparts ?? [])
            .Where(r => r.Link == found.PeerName || r.Link == found.Id.ToString("D"))
            .Select(r => new CounterpartRule(new PositionId(r.For), new PositionId(r.Counterpart), DeclaredBy.OurSide))
            .Concat(peer.Counterparts.Select(c => new CounterpartRule(new PositionId(c.Counterpart), new PositionId(c.For), DeclaredBy.PeerSide)));
        var recent = (await requests.ListAsync(found.Id, cancellationToken).ConfigureAwait(false))
            .Where(v => v.Request.AcknowledgedAt is not null)
            .Select(v => v.OurSide == Side.Requester
                ? new RecentEngagement(v.Request.From, v.Request.Agreement?.Counterpart ?? v.Request.To, v.Request.AcknowledgedAt!.Value)
                : new RecentEngagement(v.Request.Agreement?.Counterpart ?? v.Request.To, v.Request.From, v.Request.AcknowledgedAt!.Value));
        return TypedResults.Ok<IReadOnlyList<CounterpartDto>>([.. CounterpartRanking.Rank(position, peer.Directory, rules, recent).Select(HotlineDtos.ToDto)]);
    }

    private static async Task<Results<Created<ContactRequestDto>, ProblemHttpResult>> OpenRequestAsync(
        OpenRequestDto body, HttpContext http, NodeRuntime node, ContactRequestService requests, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Operator(http) is not { } actor)
        {
            return NoOperator();
        }

        if (await node.Store.FindLinkAsync(body.Link ?? "", cancellationToken).ConfigureAwait(false) is not { } link)
        {
            return OperatorEndpoints.UnknownLink(body.Link);
        }

        try
        {
            var view = await requests.OpenAsync(link, body, actor, cancellationToken).ConfigureAwait(false);
            return TypedResults.Created($"/api/v1/requests/{view.Request.Id}", HotlineDtos.ToDto(view, time.GetUtcNow()));
        }
        catch (ContactRefusedException ex)
        {
            return Refused(ex);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<ContactRequestDto>>, ProblemHttpResult>> ListRequestsAsync(
        string? link, string? state, NodeRuntime node, ContactRequestService requests, TimeProvider time, CancellationToken cancellationToken)
    {
        var (linkId, unknown) = await OperatorEndpoints.LinkFilterAsync(node, link, cancellationToken).ConfigureAwait(false);
        if (unknown is not null)
        {
            return unknown;
        }

        ContactRequestState? wanted = null;
        if (state is not null)
        {
            if (!ContactRequestStateNames.TryParse(state, out var parsed))
            {
                return Problem(400, "Unknown state", $"'{state}' is not a state: {string.Join(", ", Enum.GetValues<ContactRequestState>().Select(s => s.ToName()))}.", "UnknownState");
            }

            wanted = parsed;
        }

        var now = time.GetUtcNow();
        var views = await requests.ListAsync(linkId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<ContactRequestDto>>([.. views
            .Where(v => wanted is null || v.Request.State == wanted)
            .OrderBy(v => v.Request.SentAt).ThenBy(v => v.Request.Id.Value)
            .Select(v => HotlineDtos.ToDto(v, now))]);
    }

    private static async Task<Results<Ok<ContactRequestDto>, ProblemHttpResult>> GetRequestAsync(
        string id, ContactRequestService requests, TimeProvider time, CancellationToken cancellationToken)
        => await requests.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } view
            ? TypedResults.Ok(HotlineDtos.ToDto(view, time.GetUtcNow()))
            : Problem(404, "Unknown request", $"No contact request '{id}' (give its id, or at least 8 hex digits from its start or its end that no other request shares).", "UnknownRequest");

    private static async Task<Results<Ok<ContactRequestDto>, ProblemHttpResult>> ActAsync(
        string id, RequestActionDto body, HttpContext http, ContactRequestService requests, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Operator(http) is not { } actor)
        {
            return NoOperator();
        }

        try
        {
            return TypedResults.Ok(HotlineDtos.ToDto(await requests.ActAsync(id, body, actor, cancellationToken).ConfigureAwait(false), time.GetUtcNow()));
        }
        catch (ContactRefusedException ex)
        {
            return Refused(ex);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<DisagreementDto>>, ProblemHttpResult>> DisagreementsAsync(
        string? link, NodeRuntime node, ContactRequestService requests, CancellationToken cancellationToken)
    {
        var (linkId, unknown) = await OperatorEndpoints.LinkFilterAsync(node, link, cancellationToken).ConfigureAwait(false);
        if (unknown is not null)
        {
            return unknown;
        }

        var views = await requests.ListAsync(linkId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<DisagreementDto>>([.. views
            .SelectMany(v => CounterpartDisagreement.Of(v.Request).Select(d => new DisagreementDto(
                d.Request.ToString(), v.Link.PeerName, d.AskedFor.Value, d.Proposed.Value, d.At, d.ProposedBy, d.Text)))
            .OrderBy(d => d.At)]);
    }

    private static async Task<Results<Ok<SuspensionDto>, ProblemHttpResult>> GetSuspensionAsync(
        string link, NodeRuntime node, SuspensionService service, CancellationToken cancellationToken)
        => await node.Store.FindLinkAsync(link, cancellationToken).ConfigureAwait(false) is { } found
            ? TypedResults.Ok(HotlineDtos.ToDto(found.Id, await service.GetAsync(found.Id, cancellationToken).ConfigureAwait(false)))
            : OperatorEndpoints.UnknownLink(link);

    private static async Task<Results<Ok<SuspensionDto>, ProblemHttpResult>> SetSuspensionAsync(
        string link, bool suspend, SuspensionRequestDto body, HttpContext http, NodeRuntime node, SuspensionService service, CancellationToken cancellationToken)
    {
        if (Operator(http) is not { } actor)
        {
            return NoOperator();
        }

        if (await node.Store.FindLinkAsync(link, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return OperatorEndpoints.UnknownLink(link);
        }

        try
        {
            return TypedResults.Ok(HotlineDtos.ToDto(found.Id, await service.SetAsync(found, suspend, body.Reason ?? "", actor, cancellationToken).ConfigureAwait(false)));
        }
        catch (ContactRefusedException ex)
        {
            return Refused(ex);
        }
    }

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> ReportAsync(
        string? link, DateTimeOffset? since, NodeRuntime node, ReportService reports, CancellationToken cancellationToken)
    {
        var (linkId, unknown) = await OperatorEndpoints.LinkFilterAsync(node, link, cancellationToken).ConfigureAwait(false);
        return unknown ?? (Results<Ok<ReportDto>, ProblemHttpResult>)TypedResults.Ok(await reports.BuildAsync(linkId, since, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Ok<IReadOnlyList<NotificationDto>>> NotificationsAsync(long? after, int? limit, NodeRuntime node, CancellationToken cancellationToken)
    {
        var list = await node.Store.GetNotificationsAsync(after ?? 0, Math.Clamp(limit ?? 1000, 1, OperatorEndpoints.MaxPage), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<NotificationDto>>([.. list.Select(n => new NotificationDto(n.Id, n.At, n.Kind, n.LinkId?.ToString("D"), n.Subject?.ToString("D"), n.Recipients, n.Text))]);
    }

    private static async Task<Results<Ok<IReadOnlyList<MisbehaviourDto>>, ProblemHttpResult>> MisbehaviourAsync(string? link, NodeRuntime node, CancellationToken cancellationToken)
    {
        var (linkId, unknown) = await OperatorEndpoints.LinkFilterAsync(node, link, cancellationToken).ConfigureAwait(false);
        if (unknown is not null)
        {
            return unknown;
        }

        var peers = (await node.Store.GetLinksAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.Id, l => l.PeerName);
        var proofs = await node.Store.GetMisbehaviourAsync(linkId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<MisbehaviourDto>>([.. proofs.Select(m => new MisbehaviourDto(m.Id, m.LinkId.ToString("D"), peers.GetValueOrDefault(m.LinkId, ""),
            m.DetectedAt, m.Kind, m.FirstNote, m.SecondNote, m.Detail))]);
    }

    /// <summary>The operator named in the request: 1–64 printable characters.</summary>
    private static string? Operator(HttpContext http)
    {
        // Percent-encoded (RFC 3986) so names outside ASCII fit an HTTP header; "system" is the nodes' own actor.
        var name = Uri.UnescapeDataString(http.Request.Headers[OperatorHeader].ToString()).Trim();
        return name.Length is >= 1 and <= 64 && !name.Any(char.IsControl) && name != Domain.ContactRequests.ContactAction.SystemActor ? name : null;
    }

    private static ProblemHttpResult NoOperator()
        => Problem(400, "Operator not named", $"Name the operator who acts in the {OperatorHeader} header (1–64 characters, percent-encoded beyond ASCII; not 'system'); every change is attributed.", "NoOperator");

    private static ProblemHttpResult Refused(ContactRefusedException ex) => Problem(ex.StatusCode, "Refused", ex.Message, ex.Code);

    private static ProblemHttpResult Problem(int status, string title, string detail, string reason)
        => TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["reason"] = reason });
}
