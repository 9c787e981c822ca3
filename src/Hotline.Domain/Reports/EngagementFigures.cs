using System.Collections.Immutable;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;

namespace Hotline.Domain.Reports;

/// <summary>
/// The figures of the engagement report over a set of requests (a link, a pair of positions, …). Counts are of
/// requests: "accepted" counts requests that were ever accepted (later completed, missed or cancelled included);
/// "declined", "countered", "expired", "withdrawn", "cancelled", "completed", "missed" count requests by what their
/// history holds. Times are measured from sending to the first acknowledgment, and to the first answer (accept,
/// decline or counter by the responder).
/// </summary>
public sealed record EngagementFigures
{
    /// <summary>Every request is an attempt; this is their number.</summary>
    public required int Requests { get; init; }

    /// <summary>Distinct engagements among them (<see cref="Engagement"/>).</summary>
    public required int Engagements { get; init; }

    /// <summary>Requests that were attempt 2 or later of their engagement.</summary>
    public required int RepeatedAttempts { get; init; }

    public required int Acknowledged { get; init; }

    public required int AcknowledgedWithinDeadline { get; init; }

    public required int Accepted { get; init; }

    public required int Declined { get; init; }

    /// <summary>Declines by reason code; every code is present, with 0 if unused.</summary>
    public required ImmutableSortedDictionary<DeclineReason, int> DeclinedByReason { get; init; }

    public required int Countered { get; init; }

    public required int Expired { get; init; }

    public required int Withdrawn { get; init; }

    public required int Cancelled { get; init; }

    public required int Completed { get; init; }

    public required int Missed { get; init; }

    /// <summary>Requests overdue at the report's time (<see cref="DeadlineRules.Overdue"/>).</summary>
    public required int OverdueNow { get; init; }

    public required DurationFigures TimeToAcknowledge { get; init; }

    public required DurationFigures TimeToAnswer { get; init; }

    /// <summary>For each protocol level with a completed dialogue, the last one (by level, highest level first).</summary>
    public required ImmutableArray<LastDialogue> LastCompletedByLevel { get; init; }

    /// <param name="levelOf">The protocol level of a request's dialogue, e.g. <see cref="DialogueLevel.Of"/>
    /// bound to the two directories; null leaves the request out of <see cref="LastCompletedByLevel"/>.</param>
    public static EngagementFigures Compute(IEnumerable<ContactRequest> requests, DateTimeOffset now, Func<ContactRequest, int?> levelOf)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(levelOf);
        var list = requests.ToList();

        var declines = list
            .Select(r => r.History.Select(e => e.Action).OfType<ContactAction.Decline>().FirstOrDefault())
            .Where(d => d is not null)
            .Select(d => d!.Reason)
            .ToList();
        var byReason = Enum.GetValues<DeclineReason>()
            .ToImmutableSortedDictionary(reason => reason, reason => declines.Count(d => d == reason));

        var lastByLevel = list
            .Where(r => r.CompletedAt is not null)
            .Select(r => (Request: r, Level: levelOf(r), At: r.CompletedAt!.Value))
            .Where(x => x.Level is not null)
            .GroupBy(x => x.Level!.Value)
            .OrderBy(g => g.Key)
            .Select(g => g.OrderByDescending(x => x.At).ThenBy(x => x.Request.Id.Value).First())
            .Select(x => new LastDialogue(x.Level!.Value, x.Request.Id, x.Request.From, DialogueLevel.Counterpart(x.Request),
                x.At, (int)Math.Floor((now - x.At).TotalDays)));

        return new EngagementFigures
        {
            Requests = list.Count,
            Engagements = list.Select(r => r.Engagement.Id).Distinct().Count(),
            RepeatedAttempts = list.Count(r => r.Engagement.Attempt > 1),
            Acknowledged = list.Count(r => r.AcknowledgedAt is not null),
            AcknowledgedWithinDeadline = list.Count(r => DeadlineRules.AcknowledgedInTime(r) == true),
            Accepted = list.Count(r => Has(r, ContactActionKind.Accept)),
            Declined = declines.Count,
            DeclinedByReason = byReason,
            Countered = list.Count(r => Has(r, ContactActionKind.Counter)),
            Expired = list.Count(r => r.State == ContactRequestState.Expired),
            Withdrawn = list.Count(r => r.State == ContactRequestState.Withdrawn),
            Cancelled = list.Count(r => r.State == ContactRequestState.Cancelled),
            Completed = list.Count(r => r.State == ContactRequestState.Completed),
            Missed = list.Count(r => r.State == ContactRequestState.Missed),
            OverdueNow = list.Count(r => DeadlineRules.IsOverdue(r, now)),
            TimeToAcknowledge = DurationFigures.Of(list.Where(r => r.AcknowledgedAt is not null).Select(r => r.AcknowledgedAt!.Value - r.SentAt)),
            TimeToAnswer = DurationFigures.Of(list.Where(r => r.AnsweredAt is not null).Select(r => r.AnsweredAt!.Value - r.SentAt)),
            LastCompletedByLevel = [.. lastByLevel],
        };
    }

    private static bool Has(ContactRequest request, ContactActionKind kind) => request.History.Any(e => e.Kind == kind);
}
