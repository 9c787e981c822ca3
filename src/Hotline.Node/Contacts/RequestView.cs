using Hotline.Domain.ContactRequests;
using Hotline.Storage;

namespace Hotline.Node.Contacts;

/// <summary>A contact request as this node sees it: replayed from its records, with the side this node's party is on.</summary>
public sealed record RequestView(ReplayedRequest Replayed, Side OurSide, LinkRecord Link)
{
    public ContactRequest Request => Replayed.Request;

    /// <summary>The actions our side may take now (the transition table, from the current state).</summary>
    public IReadOnlyList<ContactActionKind> Allowed => [.. ContactRequestTransitions.From(Request.State)
        .Where(t => t.By == OurSide && t.Action is not (ContactActionKind.Deliver or ContactActionKind.Expire))
        .Select(t => t.Action).Distinct()];
}
