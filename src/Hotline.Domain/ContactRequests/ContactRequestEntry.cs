namespace Hotline.Domain.ContactRequests;

/// <summary>
/// One line of a contact request's history: a transition from one state to another, the action with its details,
/// the side and actor who took it, and when. History is append-only; a refused action adds nothing.
/// </summary>
public sealed record ContactRequestEntry(
    ContactRequestState From,
    ContactRequestState To,
    ContactAction Action,
    Side Side,
    DateTimeOffset At)
{
    public ContactActionKind Kind => Action.Kind;

    public string Actor => Action.Actor;
}
