using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Domain.Directory;
using Hotline.Node.Contacts;
using Hotline.Protocol;

namespace Hotline.Node.Api;

/// <summary>Maps the hotline's views to the operator API's shapes.</summary>
public static class HotlineDtos
{
    public static ContactRequestDto ToDto(RequestView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        var r = view.Request;
        var overdue = DeadlineRules.Overdue(r, now);
        return new ContactRequestDto(
            r.Id.ToString(), view.Link.Id.ToString("D"), view.Link.PeerName, view.OurSide.ToName(), r.From.Value, r.To.Value, r.Kind.ToName(),
            r.Precedence.ToName(), r.Purpose, r.State.ToName(), r.Engagement.Id.ToString(), r.Engagement.Attempt, r.SentAt, r.SentBy,
            r.Deadlines.AcknowledgeBy, r.Deadlines.AnswerBy, overdue != OverdueKind.None,
            overdue switch { OverdueKind.Acknowledgment => "acknowledgment", OverdueKind.Answer => "answer", _ => null },
            r.ExpiresAt, r.Window?.From, r.Window?.To, r.Follows?.ToString(), r.Proposal?.Counterpart?.Value, r.Proposal?.At,
            r.Agreement?.Counterpart.Value, r.Agreement?.At, r.Agreement?.Channel,
            [.. view.Allowed.Select(a => a.ToName())],
            [.. r.History.Select(e => new TransitionDto(e.From.ToName(), e.To.ToName(), e.Kind.ToName(), e.Side.ToName(), e.Actor, e.At, Details(e.Action)))],
            [.. view.Replayed.Superseded.Select(s => new SupersededDto(s.Recorded.Action.Kind.ToName(), s.Recorded.Side.ToName(), s.Recorded.Action.Actor, s.Recorded.At, s.Message))]);
    }

    /// <summary>The details an action carries, in one line.</summary>
    public static string? Details(ContactAction action) => action switch
    {
        ContactAction.Accept a => $"at {a.At:yyyy-MM-dd HH:mm}Z via {a.Channel}",
        ContactAction.Decline d => d.Text is null ? d.Reason.ToName() : $"{d.Reason.ToName()}: {d.Text}",
        ContactAction.Counter c => string.Join("; ", new[]
        {
            c.Counterpart is { } p ? $"counterpart {p.Value}" : null,
            c.At is { } at ? $"at {at:yyyy-MM-dd HH:mm}Z" : null,
            c.Text,
        }.Where(x => x is not null)),
        ContactAction.Withdraw w => w.Reason,
        ContactAction.Cancel c => c.Reason,
        ContactAction.Complete c => c.Outcome,
        ContactAction.Miss m => m.Note,
        _ => null,
    };

    public static CounterpartDto ToDto(CounterpartCandidate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Position.Id.Value, c.Position.Principal, c.Position.Title, c.Position.Level, c.Position.Authority.ToName(), c.Rank, [.. c.Reasons.Select(r => r.Text)]);
    }

    public static SuspensionDto ToDto(Guid linkId, SuspensionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(linkId.ToString("D"), state.IsSuspended,
            [.. state.Events.OrderBy(e => e.At).Select(e => new SuspensionEventDto(e.Suspend ? "suspend" : "resume", e.Ours ? "ours" : "peer", e.Actor, e.Reason, e.At))]);
    }
}
