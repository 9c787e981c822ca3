using Hotline.Domain.ContactRequests;
using static Hotline.Domain.Tests.Requests;

namespace Hotline.Domain.Tests.ContactRequests;

/// <summary>
/// Replay: a request's state is computed from its opening and the recorded actions of both sides, in envelope-time
/// order (requester first when equal), with delivery and expiry derived. Example cases; the order-independence
/// property is in <see cref="RequestReplayPropertyTests"/>.
/// </summary>
public sealed class RequestReplayTests
{
    private static RecordedAction Recorded(ContactAction action, Side side, DateTimeOffset at, int envelope)
        => new(action, side, at, Id(1000 + envelope));

    private static RecordedAction Ack(int minutes, int envelope = 1)
        => Recorded(new ContactAction.Acknowledge("watch-officer-cn"), Side.Responder, T0.AddMinutes(minutes), envelope);

    private static RecordedAction AcceptBy(Side side, int minutes, int envelope = 2)
        => Recorded(new ContactAction.Accept("desk", T0.AddDays(2), "DTL voice"), side, T0.AddMinutes(minutes), envelope);

    private static RecordedAction WithdrawAt(int minutes, int envelope = 3)
        => Recorded(new ContactAction.Withdraw("watch-officer-us", "overtaken by events"), Side.Requester, T0.AddMinutes(minutes), envelope);

    private static ReplayedRequest Replay(ContactRequest opened, IEnumerable<RecordedAction> actions, DateTimeOffset? deliveredAt = null, DateTimeOffset? now = null)
        => RequestReplay.Replay(opened, actions, deliveredAt, now ?? T0.AddHours(1));

    [Fact]
    public void NoActions_NoDelivery_LeavesTheOpenedRequestAsItIs()
    {
        var opened = Open();

        var replayed = Replay(opened, []);

        Assert.Same(opened, replayed.Request);
        Assert.Empty(replayed.Superseded);
    }

    [Fact]
    public void Actions_AreAppliedInEnvelopeTimeOrder_NotInTheOrderGiven()
    {
        var complete = Recorded(new ContactAction.Complete("desk", "held"), Side.Requester, T0.AddMinutes(30), 4);

        var replayed = Replay(Open(), [complete, AcceptBy(Side.Responder, 10), Ack(5)]);

        Assert.Equal(ContactRequestState.Completed, replayed.Request.State);
        Assert.Equal([ContactActionKind.Acknowledge, ContactActionKind.Accept, ContactActionKind.Complete], replayed.Request.History.Select(e => e.Kind));
        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(10), T0.AddMinutes(30)], replayed.Request.History.Select(e => e.At));
        Assert.Empty(replayed.Superseded);
    }

    [Fact]
    public void WithdrawalCrossingAnAcceptance_TheEarlierWins_AndTheAcceptIsSupersededAsIllegalInState()
    {
        // The responder acknowledged at t=3; the requester withdraws at t=5 while the responder, not yet aware, accepts at t=6.
        var accept = AcceptBy(Side.Responder, 6);

        var replayed = Replay(Open(), [accept, WithdrawAt(5), Ack(3)]);

        Assert.Equal(ContactRequestState.Withdrawn, replayed.Request.State);
        Assert.Null(replayed.Request.Agreement);
        var lost = Assert.Single(replayed.Superseded);
        Assert.Equal(accept, lost.Recorded);
        Assert.Equal(DecisionReason.IllegalInState, lost.Reason);
        Assert.Contains("withdrawn", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptanceCrossingAWithdrawal_TheEarlierWins_AndTheWithdrawalIsSuperseded()
    {
        var withdraw = WithdrawAt(6);

        var replayed = Replay(Open(), [withdraw, AcceptBy(Side.Responder, 5), Ack(3)]);

        Assert.Equal(ContactRequestState.Accepted, replayed.Request.State);
        var lost = Assert.Single(replayed.Superseded);
        Assert.Equal(withdraw, lost.Recorded);
        Assert.Equal(DecisionReason.IllegalInState, lost.Reason);
    }

    [Fact]
    public void WithdrawalAndAcceptanceAtTheSameTime_TheRequesterGoesFirst()
    {
        // The responder's envelope id sorts first, so only the side can put the withdrawal ahead.
        var accept = Recorded(new ContactAction.Accept("desk", T0.AddDays(2), "DTL voice"), Side.Responder, T0.AddMinutes(5), 1);
        var withdraw = Recorded(new ContactAction.Withdraw("watch-officer-us"), Side.Requester, T0.AddMinutes(5), 2);

        var replayed = Replay(Open(), [accept, withdraw, Ack(3, envelope: 0)]);

        Assert.Equal(ContactRequestState.Withdrawn, replayed.Request.State);
        Assert.Equal(accept, Assert.Single(replayed.Superseded).Recorded);
    }

    [Fact]
    public void SameSideAtTheSameTime_IsOrderedByEnvelopeId()
    {
        // Two operators of the responder acknowledge in the same millisecond: the lower envelope id is the one applied.
        var first = Recorded(new ContactAction.Acknowledge("officer-a"), Side.Responder, T0.AddMinutes(3), 7);
        var second = Recorded(new ContactAction.Acknowledge("officer-b"), Side.Responder, T0.AddMinutes(3), 8);

        var replayed = Replay(Open(), [second, first]);

        Assert.Equal("officer-a", Assert.Single(replayed.Request.History).Actor);
        Assert.Equal(second, Assert.Single(replayed.Superseded).Recorded);
    }

    [Fact]
    public void DeliveredAt_InsertsASystemDeliveryByTheResponder()
    {
        var replayed = Replay(Open(), [], deliveredAt: T0.AddSeconds(2));

        Assert.Equal(ContactRequestState.Delivered, replayed.Request.State);
        var entry = Assert.Single(replayed.Request.History);
        Assert.Equal(
            (ContactRequestState.Sent, ContactRequestState.Delivered, ContactActionKind.Deliver, Side.Responder, ContactAction.SystemActor, T0.AddSeconds(2)),
            (entry.From, entry.To, entry.Kind, entry.Side, entry.Actor, entry.At));
        Assert.Empty(replayed.Superseded);
    }

    [Fact]
    public void DeliveryBeforeTheAcknowledgment_IsRecordedFirst()
    {
        var replayed = Replay(Open(), [Ack(5)], deliveredAt: T0.AddMinutes(1));

        Assert.Equal(ContactRequestState.Acknowledged, replayed.Request.State);
        Assert.Equal([ContactActionKind.Deliver, ContactActionKind.Acknowledge], replayed.Request.History.Select(e => e.Kind));
    }

    [Fact]
    public void DeliveryAfterTheAcknowledgment_IsDroppedSilently()
    {
        // The receipt was lost in a crash and re-sent after someone had already acknowledged: not news.
        var replayed = Replay(Open(), [Ack(5)], deliveredAt: T0.AddMinutes(9));

        Assert.Equal(ContactRequestState.Acknowledged, replayed.Request.State);
        Assert.Equal(ContactActionKind.Acknowledge, Assert.Single(replayed.Request.History).Kind);
        Assert.Empty(replayed.Superseded);
    }

    [Fact]
    public void DeliveryAtTheSameTimeAsTheAcknowledgment_ComesFirst()
    {
        // Both are the responder's; the derived delivery has the empty envelope id, which sorts first.
        var replayed = Replay(Open(), [Ack(5)], deliveredAt: T0.AddMinutes(5));

        Assert.Equal([ContactActionKind.Deliver, ContactActionKind.Acknowledge], replayed.Request.History.Select(e => e.Kind));
    }

    [Fact]
    public void BeforeTheExpiry_NothingIsDerived()
    {
        var opened = Open(expiresAt: T0.AddMinutes(30));

        var replayed = Replay(opened, [Ack(5)], now: T0.AddMinutes(30).AddTicks(-1));

        Assert.Equal(ContactRequestState.Acknowledged, replayed.Request.State);
        Assert.Single(replayed.Request.History);
    }

    [Fact]
    public void AtTheExpiry_AnOpenRequestIsExpiredAtItsExpiryTime_NotAtNow()
    {
        var opened = Open(expiresAt: T0.AddMinutes(30));

        var exactly = Replay(opened, [Ack(5)], now: T0.AddMinutes(30));
        var muchLater = Replay(opened, [Ack(5)], now: T0.AddDays(30));

        foreach (var replayed in new[] { exactly, muchLater })
        {
            Assert.Equal(ContactRequestState.Expired, replayed.Request.State);
            var entry = replayed.Request.History[^1];
            Assert.Equal(
                (ContactRequestState.Acknowledged, ContactActionKind.Expire, ContactAction.SystemActor, T0.AddMinutes(30)),
                (entry.From, entry.Kind, entry.Actor, entry.At));
            Assert.Empty(replayed.Superseded);
        }
    }

    [Fact]
    public void ActionsAtOrAfterTheExpiry_AreSupersededAsExpiredAlready()
    {
        var opened = Open(expiresAt: T0.AddMinutes(30));
        var atExpiry = AcceptBy(Side.Responder, 30);
        var later = WithdrawAt(45);

        var replayed = Replay(opened, [later, atExpiry, Ack(5)], now: T0.AddHours(1));

        Assert.Equal(ContactRequestState.Expired, replayed.Request.State);
        Assert.Equal([ContactActionKind.Acknowledge, ContactActionKind.Expire], replayed.Request.History.Select(e => e.Kind));
        Assert.Equal([(atExpiry, DecisionReason.ExpiredAlready), (later, DecisionReason.ExpiredAlready)],
            replayed.Superseded.Select(s => (s.Recorded, s.Reason)));
        Assert.All(replayed.Superseded, s => Assert.Contains("expired at", s.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void AnActionAfterTheExpiry_HasTheSameReason_WhetherOrNotThisNodesClockHasPassedTheExpiry()
    {
        // The peer's clock runs ahead: it stamped its accept after the expiry, which this node has not reached yet.
        var opened = Open(expiresAt: T0.AddMinutes(30));
        var accept = AcceptBy(Side.Responder, 31);

        var clockBehind = Replay(opened, [Ack(5), accept], now: T0.AddMinutes(20));
        var clockPast = Replay(opened, [Ack(5), accept], now: T0.AddMinutes(40));

        Assert.Equal(ContactRequestState.Acknowledged, clockBehind.Request.State);
        Assert.Equal(ContactRequestState.Expired, clockPast.Request.State);
        Assert.Equal(clockBehind.Superseded, clockPast.Superseded);
        Assert.Equal(DecisionReason.ExpiredAlready, Assert.Single(clockPast.Superseded).Reason);
    }

    [Fact]
    public void AnActionAfterTheExpiry_ThatWasNeverLegal_KeepsItsOwnReason()
    {
        // A counter from the requester is the wrong side whatever the time.
        var opened = Open(expiresAt: T0.AddMinutes(30));
        var counter = Recorded(new ContactAction.Counter("watch-officer-us", Minister, null), Side.Requester, T0.AddMinutes(40), 5);

        var replayed = Replay(opened, [Ack(5), counter], now: T0.AddHours(1));

        Assert.Equal(DecisionReason.WrongSide, Assert.Single(replayed.Superseded).Reason);
    }

    [Fact]
    public void AnAcceptedRequest_DoesNotExpire()
    {
        var opened = Open(expiresAt: T0.AddMinutes(30));

        var replayed = Replay(opened, [Ack(5), AcceptBy(Side.Responder, 10)], now: T0.AddDays(1));

        Assert.Equal(ContactRequestState.Accepted, replayed.Request.State);
        Assert.DoesNotContain(replayed.Request.History, e => e.Kind == ContactActionKind.Expire);
        Assert.Empty(replayed.Superseded);
    }

    [Fact]
    public void AnAcceptedRequest_IsCompletedAfterItsExpiry()
    {
        var opened = Open(expiresAt: T0.AddMinutes(30));
        var complete = Recorded(new ContactAction.Complete("desk", "held"), Side.Responder, T0.AddHours(5), 9);

        var replayed = Replay(opened, [Ack(5), AcceptBy(Side.Responder, 10), complete], now: T0.AddDays(1));

        Assert.Equal(ContactRequestState.Completed, replayed.Request.State);
    }

    [Fact]
    public void AWithdrawnRequest_IsNeitherDeliveredNorExpiredAfterwards_AndNeitherIsNews()
    {
        var opened = Open(expiresAt: T0.AddMinutes(30));

        var replayed = Replay(opened, [WithdrawAt(10)], deliveredAt: T0.AddMinutes(12), now: T0.AddDays(1));

        Assert.Equal(ContactRequestState.Withdrawn, replayed.Request.State);
        Assert.Single(replayed.Request.History);
        Assert.Empty(replayed.Superseded);
    }

    [Fact]
    public void ADeliveryAfterTheExpiry_IsDroppedSilently()
    {
        var opened = Open(expiresAt: T0.AddMinutes(30));

        var replayed = Replay(opened, [], deliveredAt: T0.AddMinutes(35), now: T0.AddHours(1));

        Assert.Equal([ContactActionKind.Expire], replayed.Request.History.Select(e => e.Kind));
        Assert.Empty(replayed.Superseded);
    }

    [Fact]
    public void ARefusedActionFromThePeer_IsKeptAsSuperseded_WithTheMachinesReason()
    {
        var accept = Recorded(new ContactAction.Accept("desk", T0.AddDays(2), " "), Side.Responder, T0.AddMinutes(6), 2);

        var replayed = Replay(Open(), [Ack(3), accept]);

        Assert.Equal(ContactRequestState.Acknowledged, replayed.Request.State);
        Assert.Equal(DecisionReason.MissingDetails, Assert.Single(replayed.Superseded).Reason);
    }

    [Fact]
    public void Replay_RefusesNullArguments()
    {
        Assert.Throws<ArgumentNullException>(() => RequestReplay.Replay(null!, [], null, T0));
        Assert.Throws<ArgumentNullException>(() => RequestReplay.Replay(Open(), null!, null, T0));
        Assert.Throws<ArgumentNullException>(() => RequestReplay.StampFor(null!, T0));
    }

    [Fact]
    public void StampFor_WithoutHistory_IsNow_WhenNowIsAfterTheSendingTime()
        => Assert.Equal(T0.AddMinutes(1), RequestReplay.StampFor(Open(), T0.AddMinutes(1)));

    [Fact]
    public void StampFor_WithoutHistory_NeverGoesBackBeforeTheSendingTime()
    {
        // The peer's clock was ahead when it sent; this node's clock says an earlier time.
        Assert.Equal(T0.AddMilliseconds(1), RequestReplay.StampFor(Open(), T0.AddMinutes(-5)));
        Assert.Equal(T0.AddMilliseconds(1), RequestReplay.StampFor(Open(), T0));
    }

    [Fact]
    public void StampFor_NeverGoesBackBeforeTheLastHistoryEntry()
    {
        var acknowledged = Open().Acknowledge(T0.AddMinutes(10));

        Assert.Equal(T0.AddMinutes(10).AddMilliseconds(1), RequestReplay.StampFor(acknowledged, T0.AddMinutes(3)));
        Assert.Equal(T0.AddMinutes(10).AddMilliseconds(1), RequestReplay.StampFor(acknowledged, T0.AddMinutes(10)));
        Assert.Equal(T0.AddMinutes(10).AddMilliseconds(1), RequestReplay.StampFor(acknowledged, T0.AddMinutes(10).AddTicks(1)));
        Assert.Equal(T0.AddMinutes(10).AddMilliseconds(2), RequestReplay.StampFor(acknowledged, T0.AddMinutes(10).AddMilliseconds(2)));
        Assert.Equal(T0.AddHours(1), RequestReplay.StampFor(acknowledged, T0.AddHours(1)));
    }

    [Fact]
    public void AnActionStampedByStampFor_ReplaysAfterWhatItAnswers_EvenWithAClockBehind()
    {
        // The responder acknowledged at t=10 by its clock; the requester's clock says t=3 when it withdraws.
        var acknowledged = Open().Acknowledge(T0.AddMinutes(10));
        var stamp = RequestReplay.StampFor(acknowledged, T0.AddMinutes(3));
        var withdraw = Recorded(new ContactAction.Withdraw("watch-officer-us"), Side.Requester, stamp, 3);

        var replayed = Replay(Open(), [withdraw, Ack(10)]);

        Assert.Equal([ContactActionKind.Acknowledge, ContactActionKind.Withdraw], replayed.Request.History.Select(e => e.Kind));
        Assert.Empty(replayed.Superseded);
    }
}
