namespace Hotline.Domain.ContactRequests;

/// <summary>One legal move: in state <paramref name="From"/>, <paramref name="By"/> may take
/// <paramref name="Action"/>, and the request goes to <paramref name="To"/>.</summary>
public sealed record Transition(ContactRequestState From, ContactActionKind Action, Side By, ContactRequestState To);
