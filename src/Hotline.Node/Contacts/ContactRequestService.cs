using Hotline.Domain;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Directory;
using Hotline.Domain.Wire;
using Hotline.Node.Api;
using Hotline.Node.Directories;
using Hotline.Node.Records;
using Hotline.Protocol;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Node.Contacts;

/// <summary>
/// Contact requests at this node: open one, act on one, list them. State is never stored: it is replayed from the
/// records of both sides (<see cref="RequestReplay"/>), so both nodes agree once they hold the same envelopes. An
/// operator's action is decided against the replayed state and, when applied, queued as an envelope and recorded in one
/// transaction; a refused one changes nothing. Actions are taken one at a time per node, so two operators cannot both
/// act on the same state.
/// </summary>
public sealed class ContactRequestService(
    NodeRuntime node,
    RecordSubmission submission,
    DirectoryService directories,
    SuspensionService suspensions,
    IOptionsMonitor<HotlineOptions> options,
    TimeProvider time,
    ILogger<ContactRequestService> logger) : IDisposable
{
    private static readonly ushort[] s_types = [(ushort)EnvelopeType.ContactRequest, (ushort)EnvelopeType.ContactAction];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task<IReadOnlyList<RequestView>> ListAsync(Guid? linkId, CancellationToken cancellationToken)
    {
        var links = (await node.Store.GetLinksAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.Id);
        var records = await node.Store.GetRecordsAsync(linkId, s_types, cancellationToken).ConfigureAwait(false);
        return Build(records, links, time.GetUtcNow());
    }

    /// <summary>One request by id or unambiguous id prefix; null when unknown.</summary>
    public async Task<RequestView?> GetAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        var records = await node.Store.GetSubjectRecordsAsync(idOrPrefix.Trim(), cancellationToken).ConfigureAwait(false);
        if (records.Count == 0)
        {
            return null;
        }

        var links = (await node.Store.GetLinksAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.Id);
        return Build(records, links, time.GetUtcNow()).FirstOrDefault();
    }

    public async Task<RequestView> OpenAsync(LinkRecord link, OpenRequestDto input, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ContactKindNames.TryParse(input.Kind, out var kind))
        {
            throw new ContactRefusedException(DecisionReason.MissingDetails, $"Unknown kind '{input.Kind}': use call, video, meeting or message.");
        }

        var precedence = Precedence.Routine;
        if (input.Precedence is { } p && !PrecedenceNames.TryParse(p, out precedence))
        {
            throw new ContactRefusedException(DecisionReason.MissingDetails, $"Unknown precedence '{p}': use FLASH, IMMEDIATE, PRIORITY or ROUTINE.");
        }

        if ((input.WindowFrom is null) != (input.WindowTo is null))
        {
            throw new ContactRefusedException(DecisionReason.MissingDetails, "A window has a start and an end.");
        }

        if ((input.Purpose?.Length ?? 0) > WireCodec.MaxTextLength)
        {
            throw new ContactRefusedException(DecisionReason.MissingDetails, $"The purpose is at most {WireCodec.MaxTextLength} characters.");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var suspension = await suspensions.GetAsync(link.Id, cancellationToken).ConfigureAwait(false);
            if ((suspension.OursActive ?? suspension.TheirsActive) is { } active)
            {
                throw new ContactRefusedException("Suspended",
                    $"The link with {link.PeerName} is suspended by {(active.Ours ? "our party" : link.PeerName)} since {active.At:yyyy-MM-dd HH:mm}Z: {active.Reason}");
            }

            await CheckPositionsAsync(link, input.From, input.To, cancellationToken).ConfigureAwait(false);
            var existing = await ListAsync(link.Id, cancellationToken).ConfigureAwait(false);
            ContactRequestId? follows = null;
            if (input.Follows is { } followsText)
            {
                var earlier = existing.FirstOrDefault(v => v.Request.Id.Value.ToString("D").StartsWith(followsText.Trim(), StringComparison.OrdinalIgnoreCase));
                if (earlier is null || earlier.Request.State != ContactRequestState.Cancelled)
                {
                    throw new ContactRefusedException(DecisionReason.MissingDetails, $"--follows names a cancelled request of this link; '{followsText}' is not one.");
                }

                follows = earlier.Request.Id;
            }

            var now = WireCodec.Utc(time.GetUtcNow());
            var id = Guid.CreateVersion7(now);
            var draft = new NewContactRequest
            {
                Id = new ContactRequestId(id),
                Link = new LinkId(link.Id),
                From = new PositionId(input.From ?? ""),
                To = new PositionId(input.To ?? ""),
                Kind = kind,
                Purpose = input.Purpose ?? "",
                Precedence = precedence,
                SentAt = now,
                SentBy = actor,
                Window = input.WindowFrom is { } from && input.WindowTo is { } to ? new TimeWindow(WireCodec.Utc(from), WireCodec.Utc(to)) : null,
                ExpiresAt = input.ExpiresAt is { } expires ? WireCodec.Utc(expires) : null,
                Follows = follows,
            };
            var engagement = Engagement.Assign(draft, existing.Select(v => v.Request), new EngagementId(Guid.CreateVersion7(now)));
            var decision = ContactRequestMachine.Open(draft, options.CurrentValue.DeadlinesFor(link.PeerName), engagement);
            if (!decision.IsApplied)
            {
                throw new ContactRefusedException(decision.Reason, decision.Message);
            }

            await submission.SubmitAsync(link, EnvelopeType.ContactRequest, precedence, id, now, draft.From.Value, draft.To.Value, id,
                WireCodec.Encode(decision.Request), cancellationToken).ConfigureAwait(false);
            Log.ContactAction(logger, id, "request", Side.Requester.ToName(), actor, ContactRequestState.Sent.ToName());
            return await GetAsync(id.ToString("D"), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("A request just recorded cannot be read back.");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<RequestView> ActAsync(string idOrPrefix, RequestActionDto input, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ContactActionKindNames.TryParse(input.Action, out var kind) || kind is ContactActionKind.Deliver or ContactActionKind.Expire)
        {
            throw new ContactRefusedException(DecisionReason.MissingDetails,
                $"Unknown action '{input.Action}': use ack, accept, decline, counter, withdraw, cancel, complete or miss (delivery and expiry are recorded by the nodes).");
        }

        if ((input.Reason?.Length ?? 0) > WireCodec.MaxTextLength || (input.Channel?.Length ?? 0) > WireCodec.MaxTextLength)
        {
            throw new ContactRefusedException(DecisionReason.MissingDetails, $"Texts are at most {WireCodec.MaxTextLength} characters.");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var view = await GetAsync(idOrPrefix, cancellationToken).ConfigureAwait(false)
                ?? throw new ContactRefusedException("UnknownRequest", $"No contact request '{idOrPrefix}' (give its id, or at least 8 hex digits from its start or its end that no other request shares).");
            if (input.Link is { } linkText && !string.Equals(linkText, view.Link.PeerName, StringComparison.Ordinal)
                && !view.Link.Id.ToString("D").StartsWith(linkText, StringComparison.OrdinalIgnoreCase))
            {
                throw new ContactRefusedException("WrongLink", $"Request {view.Request.Id} belongs to the link with {view.Link.PeerName}, not '{linkText}'.");
            }

            var request = view.Request;
            var at = WireCodec.Utc(RequestReplay.StampFor(request, time.GetUtcNow()));
            var action = await ActionAsync(kind, input, actor, view, at, cancellationToken).ConfigureAwait(false);
            var decision = ContactRequestMachine.Decide(request, action, view.OurSide, at);
            if (!decision.IsApplied)
            {
                throw new ContactRefusedException(decision.Reason, decision.Message);
            }

            await submission.SubmitAsync(view.Link, EnvelopeType.ContactAction, request.Precedence, Guid.CreateVersion7(at), at, request.From.Value, request.To.Value,
                request.Id.Value, WireCodec.Encode(request.Id, action), cancellationToken).ConfigureAwait(false);
            Log.ContactAction(logger, request.Id.Value, kind.ToName(), view.OurSide.ToName(), actor, decision.Request.State.ToName());
            return await GetAsync(request.Id.Value.ToString("D"), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("A request just recorded cannot be read back.");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ContactAction> ActionAsync(ContactActionKind kind, RequestActionDto input, string actor, RequestView view, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var request = view.Request;
        switch (kind)
        {
            case ContactActionKind.Acknowledge:
                return new ContactAction.Acknowledge(actor);
            case ContactActionKind.Accept:
                // Without --at: the time proposed in a counter, else the start of the requested window, else now.
                return new ContactAction.Accept(actor, WireCodec.Utc(input.At ?? request.Proposal?.At ?? request.Window?.From ?? at), input.Channel ?? "");
            case ContactActionKind.Decline:
                var code = DeclineReason.NoReasonGiven;
                if (input.Code is { } codeText && !DeclineReasonNames.TryParse(codeText, out code))
                {
                    throw new ContactRefusedException(DecisionReason.MissingReason,
                        $"Unknown decline code '{codeText}': use wrong-counterpart, preconditions-not-met, timing or no-reason-given.");
                }

                return new ContactAction.Decline(actor, code, Blank(input.Reason));
            case ContactActionKind.Counter:
                PositionId? counterpart = null;
                if (Blank(input.Counterpart) is { } position)
                {
                    // The responder proposes one of its own party's positions (a requester's counter is refused below).
                    if (view.OurSide == Side.Responder && await directories.GetOwnAsync(cancellationToken).ConfigureAwait(false) is { } own && own.Find(new PositionId(position)) is null)
                    {
                        throw new ContactRefusedException("UnknownPosition", $"'{position}' is not a position in our directory.");
                    }

                    counterpart = new PositionId(position);
                }

                return new ContactAction.Counter(actor, counterpart, input.At is { } proposed ? WireCodec.Utc(proposed) : null, Blank(input.Reason));
            case ContactActionKind.Withdraw:
                return new ContactAction.Withdraw(actor, Blank(input.Reason));
            case ContactActionKind.Cancel:
                return new ContactAction.Cancel(actor, input.Reason ?? "");
            case ContactActionKind.Complete:
                return new ContactAction.Complete(actor, input.Reason ?? "");
            case ContactActionKind.Miss:
                return new ContactAction.Miss(actor, Blank(input.Reason));
            default:
                throw new ContactRefusedException(DecisionReason.MissingDetails, $"'{kind.ToName()}' is recorded by the nodes, not by an operator.");
        }
    }

    /// <summary>From must be one of our positions; To one of the peer's, once its directory has arrived.</summary>
    private async Task CheckPositionsAsync(LinkRecord link, string? from, string? to, CancellationToken cancellationToken)
    {
        var own = await directories.GetOwnAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ContactRefusedException("UnknownPosition", "This node has no directory yet: import one first (hotline directory import).");
        if (own.Find(new PositionId(from ?? "")) is null)
        {
            throw new ContactRefusedException("UnknownPosition", $"'{from}' is not a position in our directory ({string.Join(", ", own.Positions.Select(p => p.Id.Value))}).");
        }

        if (await directories.GetPeerAsync(link.Id, cancellationToken).ConfigureAwait(false) is { } peer && peer.Directory.Find(new PositionId(to ?? "")) is null)
        {
            throw new ContactRefusedException("UnknownPosition",
                $"'{to}' is not a position in {link.PeerName}'s directory ({string.Join(", ", peer.Directory.Positions.Select(p => p.Id.Value))}).");
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<RequestView> Build(IReadOnlyList<HotlineRecordWithReceipt> records, Dictionary<Guid, LinkRecord> links, DateTimeOffset now)
    {
        var views = new List<RequestView>();
        foreach (var group in records.Where(r => r.Record.Subject is not null).GroupBy(r => r.Record.Subject!.Value))
        {
            var opening = group.FirstOrDefault(r => r.Record.Type == (ushort)EnvelopeType.ContactRequest);
            if (opening is null || !links.TryGetValue(opening.Record.LinkId, out var link)
                || !WireCodec.TryDecodeRequest(opening.Record.Body, new LinkId(link.Id), opening.Record.EnvelopeId, opening.Record.CreatedAt, out var opened, out _))
            {
                continue;
            }

            var actions = new List<RecordedAction>();
            foreach (var r in group.Where(r => r.Record.Type == (ushort)EnvelopeType.ContactAction && r.Record.LinkId == link.Id))
            {
                if (WireCodec.TryDecodeAction(r.Record.Body, out _, out var action, out _))
                {
                    var side = r.Record.Direction == opening.Record.Direction ? Side.Requester : Side.Responder;
                    actions.Add(new RecordedAction(action, side, r.Record.CreatedAt, r.Record.EnvelopeId));
                }
            }

            DateTimeOffset? deliveredAt = opening.DeliveryReceipt is { } receipt && Cosignature.TryReadTime(receipt, out var receiptAt)
                ? (receiptAt > opened.SentAt ? receiptAt : opened.SentAt)
                : null;
            var ourSide = opening.Record.Direction == LogDirection.Outbound ? Side.Requester : Side.Responder;
            views.Add(new RequestView(RequestReplay.Replay(opened, actions, deliveredAt, now), ourSide, link));
        }

        return views;
    }
}
