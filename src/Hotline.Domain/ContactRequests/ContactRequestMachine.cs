using System.Globalization;
using Hotline.Domain.Deadlines;

namespace Hotline.Domain.ContactRequests;

/// <summary>
/// Decides contact-request actions: pure, given the request, the action, the side that takes it and the time. The
/// node loads the request, calls <see cref="Decide"/>, and stores and sends the result only when it is applied. For an
/// action received from the peer, <c>now</c> is the time in its envelope, so both nodes reach the same decision.
/// </summary>
public static class ContactRequestMachine
{
    /// <summary>Opens a request in <see cref="ContactRequestState.Sent"/>, with its deadlines stamped from the link's
    /// policy and its place in an engagement (<see cref="Engagement.Assign"/>).</summary>
    public static Decision Open(NewContactRequest draft, DeadlinePolicy policy, EngagementRef engagement)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(policy);

        var request = new ContactRequest
        {
            Id = draft.Id,
            Link = draft.Link,
            From = draft.From,
            To = draft.To,
            Kind = draft.Kind,
            Purpose = draft.Purpose?.Trim() ?? "",
            Precedence = draft.Precedence,
            SentAt = draft.SentAt,
            SentBy = draft.SentBy,
            Deadlines = policy.Stamp(draft.Precedence, draft.SentAt),
            Engagement = engagement,
            State = ContactRequestState.Sent,
            Window = draft.Window,
            ExpiresAt = draft.ExpiresAt,
            Follows = draft.Follows,
        };

        if (string.IsNullOrWhiteSpace(draft.SentBy))
        {
            return new(DecisionReason.MissingActor, request, "Name the operator who sends the request.");
        }

        if (string.IsNullOrWhiteSpace(draft.From.Value) || string.IsNullOrWhiteSpace(draft.To.Value))
        {
            return new(DecisionReason.MissingDetails, request, "Name the position the request is from and the position it is to.");
        }

        if (request.Purpose.Length == 0)
        {
            return new(DecisionReason.MissingDetails, request, "Say what the contact is about (the purpose).");
        }

        if (engagement.Attempt < 1)
        {
            return new(DecisionReason.MissingDetails, request, "The attempt number of an engagement starts at 1.");
        }

        if (draft.ExpiresAt is { } expiresAt && expiresAt <= draft.SentAt)
        {
            return new(DecisionReason.InvalidTime, request, $"The expiry {Format(expiresAt)} is not after the sending time {Format(draft.SentAt)}.");
        }

        if (draft.Window is { } window && window.To < window.From)
        {
            return new(DecisionReason.InvalidTime, request, $"The window ends ({Format(window.To)}) before it starts ({Format(window.From)}).");
        }

        return new(DecisionReason.Applied, request, "Sent.");
    }

    /// <summary>
    /// Decides one action. Refused actions change nothing: the decision carries the very request given. Checks, in
    /// order: the transition table (<see cref="DecisionReason.IllegalInState"/>, <see cref="DecisionReason.WrongSide"/>),
    /// the actor, expiry, then the action's details.
    /// </summary>
    public static Decision Decide(ContactRequest request, ContactAction action, Side side, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(action);

        var kind = action.Kind;
        var transition = ContactRequestTransitions.Find(request.State, kind, side);
        if (transition is null)
        {
            return ContactRequestTransitions.Find(request.State, kind, side.Other()) is not null
                ? Refuse(request, DecisionReason.WrongSide,
                    $"Only the {side.Other().ToName()} may {kind.ToName()} a request that is {request.State.ToName()}; the {side.ToName()} cannot.")
                : Refuse(request, DecisionReason.IllegalInState,
                    $"Cannot {kind.ToName()} a request that is {request.State.ToName()}. {Allowed(request.State, side)}");
        }

        if (string.IsNullOrWhiteSpace(action.Actor))
        {
            return Refuse(request, DecisionReason.MissingActor, "Name the operator who takes the action.");
        }

        var expired = request.State.IsOpen() && request.ExpiresAt is { } expiresAt && now >= expiresAt;
        if (kind == ContactActionKind.Expire && !expired)
        {
            return Refuse(request, DecisionReason.NotYetDue, request.ExpiresAt is { } at
                ? $"The request expires at {Format(at)}, not before."
                : "The request has no expiry.");
        }

        if (kind != ContactActionKind.Expire && expired)
        {
            return Refuse(request, DecisionReason.ExpiredAlready,
                $"The request expired at {Format(request.ExpiresAt!.Value)}; it can only be recorded as expired.");
        }

        var next = request with
        {
            State = transition.To,
            History = request.History.Add(new ContactRequestEntry(request.State, transition.To, action, side, now)),
        };

        switch (action)
        {
            case ContactAction.Accept accept:
                if (string.IsNullOrWhiteSpace(accept.Channel))
                {
                    return Refuse(request, DecisionReason.MissingDetails, "Say over which channel (or where) the contact takes place.");
                }

                // Taking up a counter-proposal means talking to the counterpart it named.
                var counterpart = request.State == ContactRequestState.Countered
                    ? request.Proposal?.Counterpart ?? request.To
                    : request.To;
                next = next with { Agreement = new Agreement(accept.At, accept.Channel.Trim(), counterpart) };
                break;

            case ContactAction.Decline decline:
                if (!DeclineReasonNames.IsDefined(decline.Reason))
                {
                    return Refuse(request, DecisionReason.MissingReason,
                        "Give a reason code: wrong-counterpart, preconditions-not-met, timing or no-reason-given.");
                }

                break;

            case ContactAction.Counter counter:
                var otherCounterpart = counter.Counterpart is { } position && !string.IsNullOrWhiteSpace(position.Value)
                    && position != request.To;
                if (!otherCounterpart && counter.At is null)
                {
                    return Refuse(request, DecisionReason.MissingDetails, "A counter-proposal names another counterpart, another time, or both.");
                }

                next = next with { Proposal = new CounterProposal(otherCounterpart ? counter.Counterpart : null, counter.At, counter.Text) };
                break;

            case ContactAction.Cancel cancel:
                if (string.IsNullOrWhiteSpace(cancel.Reason))
                {
                    return Refuse(request, DecisionReason.MissingReason, "Say why the agreed contact is cancelled.");
                }

                break;

            case ContactAction.Complete complete:
                if (string.IsNullOrWhiteSpace(complete.Outcome))
                {
                    return Refuse(request, DecisionReason.MissingDetails, "Record an outcome note for the completed dialogue.");
                }

                break;

            default:
                // Deliver, Acknowledge, Withdraw, Miss, Expire carry nothing that must be checked.
                break;
        }

        return new(DecisionReason.Applied, next, $"{request.State.ToName()} → {transition.To.ToName()}.");
    }

    private static Decision Refuse(ContactRequest request, DecisionReason reason, string message) => new(reason, request, message);

    private static string Allowed(ContactRequestState state, Side side)
    {
        var mine = ContactRequestTransitions.From(state).Where(t => t.By == side).Select(t => t.Action.ToName()).Distinct().ToList();
        return mine.Count == 0
            ? $"The {side.ToName()} can do nothing more with it."
            : $"The {side.ToName()} may: {string.Join(", ", mine)}.";
    }

    private static string Format(DateTimeOffset moment) => moment.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
