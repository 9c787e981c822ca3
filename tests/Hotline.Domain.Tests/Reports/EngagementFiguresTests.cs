using Hotline.Domain.ContactRequests;
using Hotline.Domain.Directory;
using Hotline.Domain.Reports;
using Hotline.Protocol;
using static Hotline.Domain.Tests.Requests;

namespace Hotline.Domain.Tests.Reports;

/// <summary>
/// A hand-built scenario with answers worked out by hand. T0 = 2025-01-01, the report is made on 2025-03-01 (T0 + 59 d).
/// <code>
/// req pair              prec.      engagement  what happened                                     ack after  answer after
/// A   secdef→cmc-vc     ROUTINE    E1 #1       delivered, expired at +2 d                        –          –
/// B   secdef→cmc-vc     ROUTINE    E1 #2       sent +3 d, delivered, nothing since (overdue)     –          –
/// C   secdef→cmc-vc     PRIORITY   E1 #3       sent +10 d, ack +4 h (late: 3 h), counter mnd +10 h  4 h     10 h
/// D   secdef→mnd        IMMEDIATE  E2 #1       sent +20 d, ack +20 min, accept +2 h, completed +25 d  20 min  2 h
/// E   secdef→mnd        FLASH      E3 #1       sent +30 d, ack +8 min, decline (timing) +6 h     8 min      6 h
/// F   us-cjcs→jsd       ROUTINE    E4 #1       sent +40 d, ack +30 min, accept +30 h, cancelled +45 d  30 min  30 h
/// G   secdef→mnd        ROUTINE    E5 #1       sent +50 d, ack +12 min, decline (preconditions) +50 h  12 min  50 h
/// H   us-cjcs→jsd       PRIORITY   E6 #1       sent +55 d, ack +1 h, accept +3 h, completed +56 d  1 h      3 h
/// </code>
/// Times to acknowledge, sorted: 8, 12, 20, 30, 60, 240 min → median (20+30)/2 = 25 min; p90 rank ⌈5.4⌉ = 6 → 240 min.
/// Times to answer, sorted: 2, 3, 6, 10, 30, 50 h → median (6+10)/2 = 8 h; p90 rank ⌈5.4⌉ = 6 → 50 h.
/// Acknowledged 6, in time 5 (C was 4 h against 3 h). Last completed: level 1 D (+25 d, 34 days ago), level 2 H
/// (+56 d, 3 days ago).
/// </summary>
public sealed class EngagementFiguresTests
{
    private static readonly DateTimeOffset s_now = T0.AddDays(59);
    private static readonly PositionId s_cjcs = new("us-cjcs");
    private static readonly PositionId s_jsd = new("jsd-chief");

    private static ContactRequest Sent(int id, PositionId from, PositionId to, Precedence precedence, double days, int engagement,
        int attempt, DateTimeOffset? expiresAt = null)
        => Open(Draft(id, precedence, T0.AddDays(days), from, to, expiresAt: expiresAt),
            engagement: new EngagementRef(new EngagementId(Id(1000 + engagement)), attempt));

    private static List<ContactRequest> Scenario()
    {
        var a = Sent(1, SecDef, CmcViceChairman, Precedence.Routine, 0, 1, 1, expiresAt: T0.AddDays(2));
        a = a.Deliver(a.SentAt.AddSeconds(1)).Expire(T0.AddDays(2));

        var b = Sent(2, SecDef, CmcViceChairman, Precedence.Routine, 3, 1, 2);
        b = b.Deliver(b.SentAt.AddSeconds(1));

        var c = Sent(3, SecDef, CmcViceChairman, Precedence.Priority, 10, 1, 3);
        c = c.Deliver(c.SentAt.AddSeconds(1)).Acknowledge(c.SentAt.AddHours(4)).Counter(Minister, c.SentAt.AddHours(10));

        var d = Sent(4, SecDef, Minister, Precedence.Immediate, 20, 2, 1);
        d = d.Acknowledge(d.SentAt.AddMinutes(20)).Accept(d.SentAt.AddHours(2)).Complete(T0.AddDays(25));

        var e = Sent(5, SecDef, Minister, Precedence.Flash, 30, 3, 1);
        e = e.Acknowledge(e.SentAt.AddMinutes(8)).Decline(DeclineReason.Timing, e.SentAt.AddHours(6));

        var f = Sent(6, s_cjcs, s_jsd, Precedence.Routine, 40, 4, 1);
        f = f.Acknowledge(f.SentAt.AddMinutes(30)).Accept(f.SentAt.AddHours(30)).Cancel(T0.AddDays(45));

        var g = Sent(7, SecDef, Minister, Precedence.Routine, 50, 5, 1);
        g = g.Acknowledge(g.SentAt.AddMinutes(12)).Decline(DeclineReason.PreconditionsNotMet, g.SentAt.AddHours(50));

        var h = Sent(8, s_cjcs, s_jsd, Precedence.Priority, 55, 6, 1);
        h = h.Acknowledge(h.SentAt.AddHours(1)).Accept(h.SentAt.AddHours(3)).Complete(T0.AddDays(56));

        return [a, b, c, d, e, f, g, h];
    }

    private static int? LevelOf(ContactRequest request) => DialogueLevel.Of(request, Parties.UnitedStates(), Parties.China());

    [Fact]
    public void Counts_MatchTheScenario()
    {
        var figures = EngagementFigures.Compute(Scenario(), s_now, LevelOf);

        Assert.Equal(
            (Requests: 8, Engagements: 6, RepeatedAttempts: 2, Acknowledged: 6, AcknowledgedWithinDeadline: 5, Accepted: 3, Declined: 2, Countered: 1),
            (figures.Requests, figures.Engagements, figures.RepeatedAttempts, figures.Acknowledged,
                figures.AcknowledgedWithinDeadline, figures.Accepted, figures.Declined, figures.Countered));
        Assert.Equal(
            (Expired: 1, Withdrawn: 0, Cancelled: 1, Completed: 2, Missed: 0, OverdueNow: 1),
            (figures.Expired, figures.Withdrawn, figures.Cancelled, figures.Completed, figures.Missed, figures.OverdueNow));
        Assert.Equal(
            [
                new(DeclineReason.WrongCounterpart, 0), new(DeclineReason.PreconditionsNotMet, 1),
                new(DeclineReason.Timing, 1), new KeyValuePair<DeclineReason, int>(DeclineReason.NoReasonGiven, 0),
            ],
            figures.DeclinedByReason);
    }

    [Fact]
    public void MedianAndP90_MatchTheHandComputedValues()
    {
        var figures = EngagementFigures.Compute(Scenario(), s_now, LevelOf);

        Assert.Equal(new DurationFigures(6, TimeSpan.FromMinutes(25), TimeSpan.FromHours(4)), figures.TimeToAcknowledge);
        Assert.Equal(new DurationFigures(6, TimeSpan.FromHours(8), TimeSpan.FromHours(50)), figures.TimeToAnswer);
    }

    [Fact]
    public void LastCompletedDialogue_PerLevel_WithDaysSince()
    {
        var figures = EngagementFigures.Compute(Scenario(), s_now, LevelOf);

        Assert.Equal(
            [
                new LastDialogue(1, new ContactRequestId(Id(4)), SecDef, Minister, T0.AddDays(25), 34),
                new LastDialogue(2, new ContactRequestId(Id(8)), s_cjcs, s_jsd, T0.AddDays(56), 3),
            ],
            figures.LastCompletedByLevel);
    }

    [Fact]
    public void PerPair_TheRepeatedUnansweredAttemptsShow()
    {
        var link = Assert.Single(EngagementReport.Build(Scenario(), s_now, LevelOf));

        Assert.Equal(8, link.Figures.Requests);
        Assert.Equal(
            [("secdef", "cmc-vice-chairman"), ("secdef", "mnd-minister"), ("us-cjcs", "jsd-chief")],
            link.Pairs.Select(p => (p.From.Value, p.To.Value)));
        var vc = link.Pairs[0].Figures;
        Assert.Equal((3, 1, 2, 1, 0, 1, 1), (vc.Requests, vc.Engagements, vc.RepeatedAttempts, vc.Acknowledged, vc.AcknowledgedWithinDeadline, vc.Countered, vc.Expired));
        Assert.Empty(vc.LastCompletedByLevel);
    }

    [Fact]
    public void Since_LeavesEarlierRequestsOut()
    {
        var link = Assert.Single(EngagementReport.Build(Scenario(), s_now, LevelOf, since: T0.AddDays(20)));

        Assert.Equal(5, link.Figures.Requests);
        Assert.Equal(0, link.Figures.Expired);
    }

    [Fact]
    public void NoRequests_GiveZeroesAndNoTimes()
    {
        var figures = EngagementFigures.Compute([], s_now, LevelOf);

        Assert.Equal(0, figures.Requests);
        Assert.Equal(new DurationFigures(0, null, null), figures.TimeToAcknowledge);
        Assert.Empty(figures.LastCompletedByLevel);
    }

    [Fact]
    public void DialogueLevel_IsTheLowerRankingParticipant_AndFollowsTheAgreedCounterpart()
    {
        var toViceChairman = Open(Draft(from: new PositionId("us-deputy"), to: CmcViceChairman));
        var takenUpCounter = Open(Draft(from: SecDef, to: CmcViceChairman)).Acknowledge(T0.AddMinutes(1))
            .Counter(new PositionId("jsd-chief"), T0.AddHours(1)).Accept(T0.AddHours(2), Side.Requester);

        Assert.Equal(2, LevelOf(toViceChairman));
        Assert.Equal(2, LevelOf(takenUpCounter));
        Assert.Equal(1, LevelOf(Open()));
    }
}
