using System.Text;

namespace Hotline.Domain.ContactRequests;

/// <summary>An engagement: the attempts by one position to reach one counterpart about one purpose.</summary>
public readonly record struct EngagementId(Guid Value)
{
    public override string ToString() => Value.ToString("D");
}

/// <summary>A request's place in an engagement: attempt 1, 2, …</summary>
public readonly record struct EngagementRef(EngagementId Id, int Attempt);

/// <summary>
/// Repeated attempts. A new request is attempt n+1 of an existing engagement when an earlier request on the same link,
/// from the same position, to the same position, about the same purpose (<see cref="SamePurpose"/>) stands
/// unanswered (<see cref="StandsUnanswered"/>). Otherwise it starts a new engagement as attempt 1.
/// </summary>
public static class Engagement
{
    /// <summary>
    /// Decides the engagement and attempt number of a new request, given the link's existing requests. When several
    /// earlier requests match, the most recently sent one decides the engagement; the attempt number is one more than
    /// the highest attempt of that engagement among <paramref name="existing"/>.
    /// </summary>
    /// <param name="newEngagement">The id to use if the request starts a new engagement (ids are arguments).</param>
    public static EngagementRef Assign(NewContactRequest draft, IEnumerable<ContactRequest> existing, EngagementId newEngagement)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(existing);

        var all = existing.ToList();
        var earlier = all
            .Where(r => r.Link == draft.Link && r.From == draft.From && r.To == draft.To
                && r.Id != draft.Id && StandsUnanswered(r) && SamePurpose(r.Purpose, draft.Purpose))
            .OrderByDescending(r => r.SentAt)
            .ThenByDescending(r => r.Engagement.Attempt)
            .FirstOrDefault();
        if (earlier is null)
        {
            return new EngagementRef(newEngagement, 1);
        }

        var engagement = earlier.Engagement.Id;
        var highest = all.Where(r => r.Engagement.Id == engagement).Max(r => r.Engagement.Attempt);
        return new EngagementRef(engagement, checked(highest + 1));
    }

    /// <summary>
    /// Unanswered: nobody at the receiving party ever acknowledged it. That covers a request still waiting
    /// (<see cref="ContactRequestState.Sent"/>, <see cref="ContactRequestState.Delivered"/>) and one that ended in
    /// silence (<see cref="ContactRequestState.Expired"/> or <see cref="ContactRequestState.Withdrawn"/> without an
    /// acknowledgment), so "five attempts, none acknowledged" stays one engagement however each attempt ended. A
    /// request that was acknowledged (and so anything answered) ends the chain: the next request starts anew.
    /// </summary>
    public static bool StandsUnanswered(ContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.State switch
        {
            ContactRequestState.Sent or ContactRequestState.Delivered => true,
            ContactRequestState.Expired or ContactRequestState.Withdrawn => request.AcknowledgedAt is null,
            ContactRequestState.Acknowledged or ContactRequestState.Accepted or ContactRequestState.Declined
                or ContactRequestState.Countered or ContactRequestState.Completed or ContactRequestState.Missed
                or ContactRequestState.Cancelled => false,
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.State, "Unknown state."),
        };
    }

    /// <summary>Same purpose: equal after <see cref="NormalizePurpose"/> (ordinal comparison).</summary>
    public static bool SamePurpose(string first, string second)
        => string.Equals(NormalizePurpose(first), NormalizePurpose(second), StringComparison.Ordinal);

    /// <summary>
    /// Unicode compatibility form (NFKC), leading and trailing white space removed, runs of white space made one space,
    /// upper-cased with the invariant culture. Nothing else: punctuation and wording must match, so "crisis
    /// communications" and "Crisis  Communications" are one purpose, "crisis communications." is another.
    /// </summary>
    public static string NormalizePurpose(string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        var normalized = purpose.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString().ToUpperInvariant();
    }
}
