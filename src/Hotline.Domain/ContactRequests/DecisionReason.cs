namespace Hotline.Domain.ContactRequests;

/// <summary>
/// The one closed list of outcomes of <see cref="ContactRequestMachine"/>. Switch over it exhaustively (CS8509 is an
/// error): the node maps each to an HTTP problem, the CLI to a message. Success is called <see cref="Applied"/>, not
/// "Accepted", so it is never confused with the <see cref="ContactRequestState.Accepted"/> state.
/// </summary>
public enum DecisionReason
{
    /// <summary>The action is legal: the decision carries the new request with one more history entry.</summary>
    Applied,

    /// <summary>No side may take this action in the request's state (accepting a withdrawn request, acknowledging
    /// twice).</summary>
    IllegalInState,

    /// <summary>The action is legal in this state, but only for the other side (a counter from the requester, a
    /// withdrawal by the responder).</summary>
    WrongSide,

    /// <summary>The request is open but past its expiry: the only action left is Expire.</summary>
    ExpiredAlready,

    /// <summary>Expire before the request's expiry, or on a request that has none.</summary>
    NotYetDue,

    /// <summary>No actor named.</summary>
    MissingActor,

    /// <summary>A cancel without a reason, or a decline whose code is not on the list.</summary>
    MissingReason,

    /// <summary>A required detail is missing: the channel of an accept, the proposal of a counter, the outcome of a
    /// completion, the purpose or positions of a new request.</summary>
    MissingDetails,

    /// <summary>Times that contradict each other: an expiry not after sending, a window that ends before it starts.</summary>
    InvalidTime,
}
