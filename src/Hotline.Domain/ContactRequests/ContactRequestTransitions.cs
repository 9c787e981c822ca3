using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Hotline.Domain.ContactRequests;

/// <summary>
/// The transition table of contact requests: the one place that says what is legal. Anything not listed is refused.
/// docs/domain.md shows the same table and a state diagram; the tests check it against their own copy.
/// </summary>
public static class ContactRequestTransitions
{
    private static readonly ContactRequestState[] s_open =
    [
        ContactRequestState.Sent, ContactRequestState.Delivered, ContactRequestState.Acknowledged,
        ContactRequestState.Countered,
    ];

    public static ImmutableArray<Transition> All { get; } =
    [
        // The receiving node's receipt. An acknowledgment may overtake it (a receipt lost in a crash is re-sent later).
        new(ContactRequestState.Sent, ContactActionKind.Deliver, Side.Responder, ContactRequestState.Delivered),
        new(ContactRequestState.Sent, ContactActionKind.Acknowledge, Side.Responder, ContactRequestState.Acknowledged),
        new(ContactRequestState.Delivered, ContactActionKind.Acknowledge, Side.Responder, ContactRequestState.Acknowledged),

        // Only an acknowledged request is answered: someone must have seen it first.
        new(ContactRequestState.Acknowledged, ContactActionKind.Accept, Side.Responder, ContactRequestState.Accepted),
        new(ContactRequestState.Acknowledged, ContactActionKind.Decline, Side.Responder, ContactRequestState.Declined),
        new(ContactRequestState.Acknowledged, ContactActionKind.Counter, Side.Responder, ContactRequestState.Countered),

        // A counter-proposal is the requester's to take up (or to withdraw from, below).
        new(ContactRequestState.Countered, ContactActionKind.Accept, Side.Requester, ContactRequestState.Accepted),

        // Any open request: withdrawn by its sender, or expired (by either node, at its expiry).
        .. s_open.Select(static s => new Transition(s, ContactActionKind.Withdraw, Side.Requester, ContactRequestState.Withdrawn)),
        .. s_open.Select(static s => new Transition(s, ContactActionKind.Expire, Side.Requester, ContactRequestState.Expired)),
        .. s_open.Select(static s => new Transition(s, ContactActionKind.Expire, Side.Responder, ContactRequestState.Expired)),

        // An accepted request ends in one of three ways, recorded by either side.
        new(ContactRequestState.Accepted, ContactActionKind.Cancel, Side.Requester, ContactRequestState.Cancelled),
        new(ContactRequestState.Accepted, ContactActionKind.Cancel, Side.Responder, ContactRequestState.Cancelled),
        new(ContactRequestState.Accepted, ContactActionKind.Complete, Side.Requester, ContactRequestState.Completed),
        new(ContactRequestState.Accepted, ContactActionKind.Complete, Side.Responder, ContactRequestState.Completed),
        new(ContactRequestState.Accepted, ContactActionKind.Miss, Side.Requester, ContactRequestState.Missed),
        new(ContactRequestState.Accepted, ContactActionKind.Miss, Side.Responder, ContactRequestState.Missed),
    ];

    private static readonly FrozenDictionary<(ContactRequestState, ContactActionKind, Side), Transition> s_index =
        All.ToFrozenDictionary(static t => (t.From, t.Action, t.By));

    /// <summary>The transition for this state, action and side, if it is legal.</summary>
    public static Transition? Find(ContactRequestState from, ContactActionKind action, Side by)
        => s_index.GetValueOrDefault((from, action, by));

    /// <summary>What each side may do in a state, for messages and the console's buttons.</summary>
    public static IEnumerable<Transition> From(ContactRequestState state) => All.Where(t => t.From == state);
}
