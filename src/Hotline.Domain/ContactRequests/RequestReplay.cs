using System.Collections.Immutable;

namespace Hotline.Domain.ContactRequests;

/// <summary>An action as recorded in an envelope: what, by which side, when (the envelope's time), and which envelope.</summary>
public sealed record RecordedAction(ContactAction Action, Side Side, DateTimeOffset At, Guid EnvelopeId);

/// <summary>An action that was legal when its side took it but lost a race to the other side's (a withdrawal and an
/// acceptance crossing on the line): kept on record, with why it no longer applies.</summary>
public sealed record SupersededAction(RecordedAction Recorded, DecisionReason Reason, string Message);

/// <summary>A request as its recorded actions make it, and the actions that lost a race.</summary>
public sealed record ReplayedRequest(ContactRequest Request, ImmutableArray<SupersededAction> Superseded);

/// <summary>
/// How both nodes reach the same state: a request's state is never stored, it is replayed from the opening and every
/// recorded action of both sides, in the order of their envelope times (the requester's first when equal, then by
/// envelope id). Delivery (the receiving node's receipt) and expiry (by the clock) are derived, not sent: each node
/// inserts them at the same moments. Two nodes holding the same envelopes therefore compute the same request, whatever
/// order the envelopes arrived in.
/// </summary>
public static class RequestReplay
{
    public static ReplayedRequest Replay(ContactRequest opened, IEnumerable<RecordedAction> actions, DateTimeOffset? deliveredAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(opened);
        ArgumentNullException.ThrowIfNull(actions);

        var timeline = actions.ToList();
        if (deliveredAt is { } delivered)
        {
            timeline.Add(new RecordedAction(new ContactAction.Deliver(), Side.Responder, delivered, Guid.Empty));
        }

        if (opened.ExpiresAt is { } expiresAt && now >= expiresAt)
        {
            timeline.Add(new RecordedAction(new ContactAction.Expire(), Side.Requester, expiresAt, Guid.Empty));
        }

        var request = opened;
        ContactRequest? openAtExpiry = null;
        var superseded = ImmutableArray.CreateBuilder<SupersededAction>();
        foreach (var recorded in timeline
            .OrderBy(a => a.At)
            .ThenBy(a => a.Action.Kind == ContactActionKind.Expire ? 0 : 1) // at its expiry a request is expired
            .ThenBy(a => a.Side)
            .ThenBy(a => a.EnvelopeId))
        {
            var decision = ContactRequestMachine.Decide(request, recorded.Action, recorded.Side, recorded.At);
            if (decision.IsApplied)
            {
                if (recorded.EnvelopeId == Guid.Empty && recorded.Action.Kind == ContactActionKind.Expire)
                {
                    openAtExpiry = request;
                }

                request = decision.Request;
            }
            else if (recorded.EnvelopeId != Guid.Empty)
            {
                // Derived delivery and expiry that no longer apply (acknowledged first; answered in time) are not news.
                // An action that lost to the expiry is judged as the open request judges it (ExpiredAlready, or
                // whatever else was wrong with it), so its reason does not depend on whether this node's clock has
                // passed the expiry yet: a node whose clock has not sees the same reason.
                if (openAtExpiry is not null
                    && ContactRequestMachine.Decide(openAtExpiry, recorded.Action, recorded.Side, recorded.At) is { IsApplied: false } atExpiry)
                {
                    decision = atExpiry;
                }

                superseded.Add(new SupersededAction(recorded, decision.Reason, decision.Message));
            }
        }

        return new ReplayedRequest(request, superseded.ToImmutable());
    }

    /// <summary>The time a node stamps on a new action: now, but never before the last thing it has seen of the request,
    /// so replay keeps cause before effect even when the two nodes' clocks disagree.</summary>
    public static DateTimeOffset StampFor(ContactRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var latest = request.History.Count == 0 ? request.SentAt : request.History[^1].At;
        var floor = latest.AddMilliseconds(1);
        return now > floor ? now : floor;
    }
}
