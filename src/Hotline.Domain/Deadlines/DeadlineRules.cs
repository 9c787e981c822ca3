using Hotline.Domain.ContactRequests;

namespace Hotline.Domain.Deadlines;

/// <summary>
/// Deadlines and expiry of a request, given the time. A deadline is met by an action at or before it, and missed
/// strictly after it. Expiry is the other way round: at <see cref="ContactRequest.ExpiresAt"/> an open request has
/// expired ("expires at 12:00" means it is no longer valid at 12:00).
/// </summary>
public static class DeadlineRules
{
    public static DateTimeOffset AckDeadline(ContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Deadlines.AcknowledgeBy;
    }

    public static DateTimeOffset ResponseDeadline(ContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Deadlines.AnswerBy;
    }

    /// <summary>
    /// Overdue for acknowledgment: still <see cref="ContactRequestState.Sent"/> or
    /// <see cref="ContactRequestState.Delivered"/> after the acknowledgment deadline. Overdue for an answer: still
    /// waiting for the responder's accept, decline or counter after the response deadline. A counter-proposal puts
    /// the request in the requester's hands: from then on only its expiry applies. Withdrawn, expired and every
    /// later state are never overdue. When both deadlines are missed, <see cref="OverdueKind.Acknowledgment"/> wins.
    /// </summary>
    public static OverdueKind Overdue(ContactRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.State switch
        {
            ContactRequestState.Sent or ContactRequestState.Delivered when now > request.Deadlines.AcknowledgeBy
                => OverdueKind.Acknowledgment,
            ContactRequestState.Sent or ContactRequestState.Delivered or ContactRequestState.Acknowledged
                when now > request.Deadlines.AnswerBy => OverdueKind.Answer,
            _ => OverdueKind.None,
        };
    }

    public static bool IsOverdue(ContactRequest request, DateTimeOffset now)
        => Overdue(request, now) != OverdueKind.None;

    /// <summary>Whether an open request has reached its expiry, so the node should record <c>Expire</c>.</summary>
    public static bool IsExpiryDue(ContactRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.State.IsOpen() && request.ExpiresAt is { } expiresAt && now >= expiresAt;
    }

    /// <summary>Whether the first acknowledgment came at or before the deadline; null if never acknowledged.</summary>
    public static bool? AcknowledgedInTime(ContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.AcknowledgedAt is { } at ? at <= request.Deadlines.AcknowledgeBy : null;
    }

    /// <summary>The next moment at which the request's overdue flag or expiry changes, for a node's timer; null if
    /// nothing more can happen by the clock alone.</summary>
    public static DateTimeOffset? NextChange(ContactRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var candidates = new List<DateTimeOffset>();
        if (request.State is ContactRequestState.Sent or ContactRequestState.Delivered && now <= request.Deadlines.AcknowledgeBy)
        {
            candidates.Add(request.Deadlines.AcknowledgeBy.AddTicks(1));
        }

        if (request.State is ContactRequestState.Sent or ContactRequestState.Delivered or ContactRequestState.Acknowledged
            && now <= request.Deadlines.AnswerBy)
        {
            candidates.Add(request.Deadlines.AnswerBy.AddTicks(1));
        }

        if (request.State.IsOpen() && request.ExpiresAt is { } expiresAt && now < expiresAt)
        {
            candidates.Add(expiresAt);
        }

        return candidates.Count == 0 ? null : candidates.Min();
    }
}
