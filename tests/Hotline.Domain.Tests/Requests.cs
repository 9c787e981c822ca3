using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Domain.Directory;
using Hotline.Protocol;

namespace Hotline.Domain.Tests;

/// <summary>Builders for contact requests and actions, shared by the tests (no shared data: each call makes new values).</summary>
internal static class Requests
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly LinkId Link = new(new Guid("00000000-0000-0000-0000-00000000000a"));
    public static readonly PositionId SecDef = new("secdef");
    public static readonly PositionId CmcViceChairman = new("cmc-vice-chairman");
    public static readonly PositionId Minister = new("mnd-minister");

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static NewContactRequest Draft(
        int id = 1,
        Precedence precedence = Precedence.Routine,
        DateTimeOffset? sentAt = null,
        PositionId? from = null,
        PositionId? to = null,
        string purpose = "Crisis communications",
        DateTimeOffset? expiresAt = null,
        LinkId? link = null) => new()
        {
            Id = new ContactRequestId(Id(id)),
            Link = link ?? Link,
            From = from ?? SecDef,
            To = to ?? CmcViceChairman,
            Kind = ContactKind.Call,
            Purpose = purpose,
            Precedence = precedence,
            SentAt = sentAt ?? T0,
            SentBy = "watch-officer-us",
            ExpiresAt = expiresAt,
        };

    /// <summary>Opens a request through the machine and fails the test if it is refused.</summary>
    public static ContactRequest Open(NewContactRequest draft, DeadlinePolicy? policy = null, EngagementRef? engagement = null)
    {
        var decision = ContactRequestMachine.Open(draft, policy ?? DeadlinePolicy.Default,
            engagement ?? new EngagementRef(new EngagementId(draft.Id.Value), 1));
        Assert.True(decision.IsApplied, decision.Message);
        return decision.Request;
    }

    public static ContactRequest Open(int id = 1, Precedence precedence = Precedence.Routine, DateTimeOffset? sentAt = null,
        DateTimeOffset? expiresAt = null)
        => Open(Draft(id, precedence, sentAt, expiresAt: expiresAt));

    /// <summary>A request placed directly in a state (for the exhaustive table), expiring a week after T0.</summary>
    public static ContactRequest InState(ContactRequestState state)
        => Open(Draft(expiresAt: T0.AddDays(7))) with { State = state };

    /// <summary>Applies an action and fails the test if it is refused.</summary>
    public static ContactRequest Apply(this ContactRequest request, ContactAction action, Side side, DateTimeOffset at)
    {
        var decision = ContactRequestMachine.Decide(request, action, side, at);
        Assert.True(decision.IsApplied, $"{action.Kind} by {side} at {at:u}: {decision.Reason} {decision.Message}");
        return decision.Request;
    }

    public static ContactRequest Deliver(this ContactRequest r, DateTimeOffset at) => r.Apply(new ContactAction.Deliver(), Side.Responder, at);

    public static ContactRequest Acknowledge(this ContactRequest r, DateTimeOffset at) => r.Apply(new ContactAction.Acknowledge("watch-officer-cn"), Side.Responder, at);

    public static ContactRequest Accept(this ContactRequest r, DateTimeOffset at, Side side = Side.Responder)
        => r.Apply(new ContactAction.Accept("desk", at.AddDays(1), "DTL voice"), side, at);

    public static ContactRequest Decline(this ContactRequest r, DeclineReason reason, DateTimeOffset at)
        => r.Apply(new ContactAction.Decline("desk", reason, "see note"), Side.Responder, at);

    public static ContactRequest Counter(this ContactRequest r, PositionId counterpart, DateTimeOffset at)
        => r.Apply(new ContactAction.Counter("desk", counterpart, null, "the minister is the counterpart"), Side.Responder, at);

    public static ContactRequest Complete(this ContactRequest r, DateTimeOffset at) => r.Apply(new ContactAction.Complete("desk", "held; notes filed"), Side.Requester, at);

    public static ContactRequest Cancel(this ContactRequest r, DateTimeOffset at) => r.Apply(new ContactAction.Cancel("desk", "pandemic"), Side.Requester, at);

    public static ContactRequest Withdraw(this ContactRequest r, DateTimeOffset at) => r.Apply(new ContactAction.Withdraw("watch-officer-us"), Side.Requester, at);

    public static ContactRequest Expire(this ContactRequest r, DateTimeOffset at) => r.Apply(new ContactAction.Expire(), Side.Requester, at);

    /// <summary>A well-formed action of each kind, so only the state and side decide the outcome.</summary>
    public static ContactAction ValidAction(ContactActionKind kind) => kind switch
    {
        ContactActionKind.Deliver => new ContactAction.Deliver(),
        ContactActionKind.Acknowledge => new ContactAction.Acknowledge("duty officer"),
        ContactActionKind.Accept => new ContactAction.Accept("duty officer", T0.AddDays(2), "DTL voice"),
        ContactActionKind.Decline => new ContactAction.Decline("duty officer", DeclineReason.Timing, "not this week"),
        ContactActionKind.Counter => new ContactAction.Counter("duty officer", Minister, T0.AddDays(3)),
        ContactActionKind.Withdraw => new ContactAction.Withdraw("duty officer", "superseded"),
        ContactActionKind.Cancel => new ContactAction.Cancel("duty officer", "pandemic"),
        ContactActionKind.Complete => new ContactAction.Complete("duty officer", "held"),
        ContactActionKind.Miss => new ContactAction.Miss("duty officer"),
        ContactActionKind.Expire => new ContactAction.Expire(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
