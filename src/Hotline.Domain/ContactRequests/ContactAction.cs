using Hotline.Domain.Directory;

namespace Hotline.Domain.ContactRequests;

/// <summary>
/// One action on a contact request with its details, taken by an actor: an operator's name, or
/// <see cref="SystemActor"/> for what a node does by itself (delivery, expiry). The side that acts is given
/// separately to <see cref="ContactRequestMachine.Decide"/>. Times are those the acting node stamps in the envelope.
/// </summary>
public abstract record ContactAction(string Actor)
{
    /// <summary>The actor of actions no person takes.</summary>
    public const string SystemActor = "system";

    public abstract ContactActionKind Kind { get; }

    /// <summary>The receiving node's receipt covering the request is stored.</summary>
    public sealed record Deliver() : ContactAction(SystemActor)
    {
        public override ContactActionKind Kind => ContactActionKind.Deliver;
    }

    /// <summary>A person at the receiving party has seen the request.</summary>
    public sealed record Acknowledge(string Actor) : ContactAction(Actor)
    {
        public override ContactActionKind Kind => ContactActionKind.Acknowledge;
    }

    /// <summary>Agree to talk at <paramref name="At"/> over <paramref name="Channel"/> (e.g. "DTL voice",
    /// "video", "Shangri-La Hotel, Singapore").</summary>
    public sealed record Accept(string Actor, DateTimeOffset At, string Channel) : ContactAction(Actor)
    {
        public override ContactActionKind Kind => ContactActionKind.Accept;
    }

    /// <summary>Refuse, with a code from the closed list and optional free text.</summary>
    public sealed record Decline(string Actor, DeclineReason Reason, string? Text = null) : ContactAction(Actor)
    {
        public override ContactActionKind Kind => ContactActionKind.Decline;
    }

    /// <summary>Propose another counterpart (a position of the responding party) and/or another time; at least one.</summary>
    public sealed record Counter(string Actor, PositionId? Counterpart, DateTimeOffset? At, string? Text = null)
        : ContactAction(Actor)
    {
        public override ContactActionKind Kind => ContactActionKind.Counter;
    }

    /// <summary>The requester takes an open request back; the reason is optional.</summary>
    public sealed record Withdraw(string Actor, string? Reason = null) : ContactAction(Actor)
    {
        public override ContactActionKind Kind => ContactActionKind.Withdraw;
    }

    /// <summary>Either side calls off an accepted request; the reason is required (the meeting a pandemic cancelled).</summary>
    public sealed record Cancel(string Actor, string Reason) : ContactAction(Actor)
    {
        public override ContactActionKind Kind => ContactActionKind.Cancel;
    }

    /// <summary>The dialogue took place; the outcome note is required.</summary>
    public sealed record Complete(string Actor, string Outcome) : ContactAction(Actor)
    {
        public override ContactActionKind Kind => ContactActionKind.Complete;
    }

    /// <summary>The agreed dialogue did not take place; the note is optional.</summary>
    public sealed record Miss(string Actor, string? Note = null) : ContactAction(Actor)
    {
        public override ContactActionKind Kind => ContactActionKind.Miss;
    }

    /// <summary>The request reached its expiry while open.</summary>
    public sealed record Expire() : ContactAction(SystemActor)
    {
        public override ContactActionKind Kind => ContactActionKind.Expire;
    }
}
