namespace Hotline.Domain.ContactRequests;

/// <summary>
/// Where a contact request stands. Identical on both nodes, because every change is an envelope (or, for
/// <see cref="Delivered"/>, the receiving node's receipt). "Overdue" is not a state: it is derived from the deadlines
/// (<see cref="Deadlines.DeadlineRules.Overdue"/>). The transitions are listed once, in
/// <see cref="ContactRequestTransitions.All"/>.
/// </summary>
public enum ContactRequestState
{
    /// <summary>Sent by the requester; no receipt from the receiving node yet.</summary>
    Sent,

    /// <summary>The receiving node's receipt covers it: durably stored on the other side.</summary>
    Delivered,

    /// <summary>A person at the receiving party has seen it.</summary>
    Acknowledged,

    /// <summary>The responder agreed to a time and channel (or the requester took up a counter-proposal).</summary>
    Accepted,

    /// <summary>The responder refused, with a reason code.</summary>
    Declined,

    /// <summary>The responder proposed another counterpart and/or time; the requester may take it up or withdraw.</summary>
    Countered,

    /// <summary>The dialogue took place; an outcome note is on record.</summary>
    Completed,

    /// <summary>Agreed, but the dialogue did not take place.</summary>
    Missed,

    /// <summary>The requester took it back while it was open.</summary>
    Withdrawn,

    /// <summary>It reached its expiry while still open.</summary>
    Expired,

    /// <summary>Agreed, then called off by either side with a reason.</summary>
    Cancelled,
}

public static class ContactRequestStateNames
{
    /// <summary>The lower-case name used by the CLI and the API.</summary>
    public static string ToName(this ContactRequestState state) => state switch
    {
        ContactRequestState.Sent => "sent",
        ContactRequestState.Delivered => "delivered",
        ContactRequestState.Acknowledged => "acknowledged",
        ContactRequestState.Accepted => "accepted",
        ContactRequestState.Declined => "declined",
        ContactRequestState.Countered => "countered",
        ContactRequestState.Completed => "completed",
        ContactRequestState.Missed => "missed",
        ContactRequestState.Withdrawn => "withdrawn",
        ContactRequestState.Expired => "expired",
        ContactRequestState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static bool TryParse(string? text, out ContactRequestState state)
    {
        foreach (var candidate in Enum.GetValues<ContactRequestState>())
        {
            if (string.Equals(candidate.ToName(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    /// <summary>
    /// Open: still waiting for an answer or for the requester's reply to a counter-proposal. Only an open request can
    /// be withdrawn or expire.
    /// </summary>
    public static bool IsOpen(this ContactRequestState state) => state switch
    {
        ContactRequestState.Sent or ContactRequestState.Delivered or ContactRequestState.Acknowledged
            or ContactRequestState.Countered => true,
        ContactRequestState.Accepted or ContactRequestState.Declined or ContactRequestState.Completed
            or ContactRequestState.Missed or ContactRequestState.Withdrawn or ContactRequestState.Expired
            or ContactRequestState.Cancelled => false,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>Final: no action applies any more. Accepted is neither open nor final.</summary>
    public static bool IsFinal(this ContactRequestState state) => state switch
    {
        ContactRequestState.Declined or ContactRequestState.Completed or ContactRequestState.Missed
            or ContactRequestState.Withdrawn or ContactRequestState.Expired or ContactRequestState.Cancelled => true,
        ContactRequestState.Sent or ContactRequestState.Delivered or ContactRequestState.Acknowledged
            or ContactRequestState.Countered or ContactRequestState.Accepted => false,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
