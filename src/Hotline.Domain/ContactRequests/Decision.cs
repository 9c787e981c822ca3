namespace Hotline.Domain.ContactRequests;

/// <summary>
/// The result of <see cref="ContactRequestMachine"/>: one shape for every action. When <see cref="Reason"/> is
/// <see cref="DecisionReason.Applied"/>, <see cref="Request"/> is the new value to store and send. Otherwise
/// <see cref="Message"/> says why in words for the operator, and <see cref="Request"/> is the request exactly as it
/// was given (for <see cref="ContactRequestMachine.Open"/>: the request as drafted, not to be stored).
/// </summary>
public sealed record Decision(DecisionReason Reason, ContactRequest Request, string Message)
{
    public bool IsApplied => Reason == DecisionReason.Applied;

    /// <summary>The history entry the action added, when applied.</summary>
    public ContactRequestEntry? Entry => IsApplied && !Request.History.IsEmpty ? Request.History[^1] : null;
}
