using Hotline.Domain;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Domain.Directory;
using Hotline.Domain.Wire;
using Hotline.Protocol;

namespace Hotline.Node.Tests;

/// <summary>The JSON body of a contact request as a peer would send it (attempt 1, default deadlines).</summary>
internal static class PeerRequests
{
    public static byte[] Body(Guid linkId, Guid id, Precedence precedence, DateTimeOffset sentAt, string from, string to, string purpose)
        => WireCodec.Encode(new ContactRequest
        {
            Id = new ContactRequestId(id),
            Link = new LinkId(linkId),
            From = new PositionId(from),
            To = new PositionId(to),
            Kind = ContactKind.Call,
            Purpose = purpose,
            Precedence = precedence,
            SentAt = sentAt,
            SentBy = "peer.officer",
            Deadlines = DeadlinePolicy.Default.Stamp(precedence, sentAt),
            Engagement = new EngagementRef(new EngagementId(Guid.CreateVersion7(sentAt)), 1),
            State = ContactRequestState.Sent,
        });
}
