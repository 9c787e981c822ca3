using System.Collections.Immutable;
using Hotline.Domain.Deadlines;
using Hotline.Domain.Directory;
using Hotline.Protocol;

namespace Hotline.Domain.ContactRequests;

/// <summary>
/// "I want to talk to X about Y by time T": an immutable value. <see cref="ContactRequestMachine.Open"/> makes one in
/// <see cref="ContactRequestState.Sent"/>; <see cref="ContactRequestMachine.Decide"/> returns the next value with one
/// more <see cref="History"/> entry. <see cref="From"/> is a position of the requesting party, <see cref="To"/> the
/// position asked for at the responding party.
/// </summary>
public sealed record ContactRequest
{
    public required ContactRequestId Id { get; init; }

    public required LinkId Link { get; init; }

    public required PositionId From { get; init; }

    public required PositionId To { get; init; }

    public required ContactKind Kind { get; init; }

    public required string Purpose { get; init; }

    public required Precedence Precedence { get; init; }

    /// <summary>The time in the opening envelope.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>The operator who sent it.</summary>
    public required string SentBy { get; init; }

    /// <summary>Stamped when the request is opened, from the link's <see cref="DeadlinePolicy"/>, and carried in the
    /// opening envelope, so both nodes judge "overdue" alike and a later policy change does not rewrite the past.</summary>
    public required RequestDeadlines Deadlines { get; init; }

    /// <summary>The engagement this request belongs to and its attempt number (<see cref="Engagement.Assign"/>).</summary>
    public required EngagementRef Engagement { get; init; }

    public required ContactRequestState State { get; init; }

    /// <summary>Every transition since it was sent, oldest first. Opening is not an entry: it is
    /// <see cref="SentAt"/> and <see cref="SentBy"/>.</summary>
    public ImmutableList<ContactRequestEntry> History { get; init; } = [];

    /// <summary>When the requester would like the contact to happen, if said.</summary>
    public TimeWindow? Window { get; init; }

    /// <summary>From this moment on an open request can only expire (<c>--expires AT</c>).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The cancelled request this one re-proposes, if any.</summary>
    public ContactRequestId? Follows { get; init; }

    /// <summary>The responder's latest counter-proposal, if any.</summary>
    public CounterProposal? Proposal { get; init; }

    /// <summary>What was accepted, once accepted (kept through cancellation, completion or a miss).</summary>
    public Agreement? Agreement { get; init; }

    /// <summary>When a person at the receiving party first acknowledged it, if ever.</summary>
    public DateTimeOffset? AcknowledgedAt => FirstAt(static e => e.Kind == ContactActionKind.Acknowledge);

    /// <summary>When the responder first answered (accept, decline or counter), if ever.</summary>
    public DateTimeOffset? AnsweredAt => FirstAt(static e => e.Side == Side.Responder
        && e.Kind is ContactActionKind.Accept or ContactActionKind.Decline or ContactActionKind.Counter);

    /// <summary>When it was recorded as completed, if it was.</summary>
    public DateTimeOffset? CompletedAt => FirstAt(static e => e.Kind == ContactActionKind.Complete);

    private DateTimeOffset? FirstAt(Func<ContactRequestEntry, bool> match)
    {
        foreach (var entry in History)
        {
            if (match(entry))
            {
                return entry.At;
            }
        }

        return null;
    }
}
