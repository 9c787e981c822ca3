using Hotline.Domain.ContactRequests;
using Hotline.Domain.Directory;

namespace Hotline.Domain.Reports;

/// <summary>
/// The protocol level of a dialogue: the lower-ranking of its two participants (the larger level number), so a
/// level-1 dialogue means both sides were at level 1. The responding participant is the agreed counterpart (after a
/// counter-proposal, the position it named), else the one asked for.
/// </summary>
public static class DialogueLevel
{
    public static int? Of(ContactRequest request, PartyDirectory requesterDirectory, PartyDirectory responderDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requesterDirectory);
        ArgumentNullException.ThrowIfNull(responderDirectory);

        var from = requesterDirectory.Find(request.From)?.Level;
        var with = responderDirectory.Find(Counterpart(request))?.Level;
        return (from, with) switch
        {
            ({ } a, { } b) => Math.Max(a, b),
            ({ } a, null) => a,
            (null, { } b) => b,
            (null, null) => null,
        };
    }

    /// <summary>Who the requester ends up talking to: the agreed counterpart, else the one asked for.</summary>
    public static PositionId Counterpart(ContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Agreement?.Counterpart ?? request.To;
    }
}
