using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Protocol;
using static Hotline.Domain.Tests.Requests;

namespace Hotline.Domain.Tests.ContactRequests;

public sealed class ContactRequestMachineTests
{
    private static Decision Decide(ContactRequest request, ContactAction action, Side side, DateTimeOffset? now = null)
        => ContactRequestMachine.Decide(request, action, side, now ?? T0.AddHours(1));

    [Fact]
    public void FullLifecycle_RecordsEveryTransitionWithSideActorAndTime()
    {
        var request = Open()
            .Deliver(T0.AddSeconds(1))
            .Acknowledge(T0.AddMinutes(5))
            .Accept(T0.AddHours(2))
            .Cancel(T0.AddDays(1));

        Assert.Equal(ContactRequestState.Cancelled, request.State);
        Assert.Equal(
            [
                (ContactRequestState.Sent, ContactRequestState.Delivered, ContactActionKind.Deliver, Side.Responder, "system"),
                (ContactRequestState.Delivered, ContactRequestState.Acknowledged, ContactActionKind.Acknowledge, Side.Responder, "watch-officer-cn"),
                (ContactRequestState.Acknowledged, ContactRequestState.Accepted, ContactActionKind.Accept, Side.Responder, "desk"),
                (ContactRequestState.Accepted, ContactRequestState.Cancelled, ContactActionKind.Cancel, Side.Requester, "desk"),
            ],
            request.History.Select(e => (e.From, e.To, e.Kind, e.Side, e.Actor)));
        Assert.Equal([T0.AddSeconds(1), T0.AddMinutes(5), T0.AddHours(2), T0.AddDays(1)], request.History.Select(e => e.At));
        Assert.Equal("pandemic", Assert.IsType<ContactAction.Cancel>(request.History[^1].Action).Reason);
        Assert.Equal(new Agreement(T0.AddHours(2).AddDays(1), "DTL voice", CmcViceChairman), request.Agreement);
    }

    [Fact]
    public void AcceptingAWithdrawnRequest_IsRefusedAsIllegal_AndSaysWhy()
    {
        var withdrawn = Open().Withdraw(T0.AddMinutes(1));

        var decision = Decide(withdrawn, ValidAction(ContactActionKind.Accept), Side.Responder);

        Assert.Equal(DecisionReason.IllegalInState, decision.Reason);
        Assert.Contains("withdrawn", decision.Message, StringComparison.Ordinal);
        Assert.Same(withdrawn, decision.Request);
    }

    [Fact]
    public void CounterFromTheRequestingSide_IsRefusedAsWrongSide()
    {
        var acknowledged = Open().Acknowledge(T0.AddMinutes(1));

        var decision = Decide(acknowledged, ValidAction(ContactActionKind.Counter), Side.Requester);

        Assert.Equal(DecisionReason.WrongSide, decision.Reason);
        Assert.Contains("Only the responder", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcknowledgingTwice_IsRefused_AndListsWhatTheResponderMayDo()
    {
        var acknowledged = Open().Acknowledge(T0.AddMinutes(1));

        var decision = Decide(acknowledged, ValidAction(ContactActionKind.Acknowledge), Side.Responder);

        Assert.Equal(DecisionReason.IllegalInState, decision.Reason);
        Assert.Contains("accept, decline, counter", decision.Message, StringComparison.Ordinal);
        Assert.Single(decision.Request.History);
    }

    [Fact]
    public void WithdrawalByTheResponder_IsRefusedAsWrongSide()
        => Assert.Equal(DecisionReason.WrongSide, Decide(Open(), ValidAction(ContactActionKind.Withdraw), Side.Responder).Reason);

    [Fact]
    public void AcknowledgmentMayOvertakeTheReceipt()
        => Assert.Equal(ContactRequestState.Acknowledged, Open().Acknowledge(T0.AddMinutes(1)).State);

    [Fact]
    public void TakingUpACounterProposal_AgreesWithTheProposedCounterpart()
    {
        var countered = Open().Acknowledge(T0.AddMinutes(1)).Counter(Minister, T0.AddHours(1));
        Assert.Equal(new CounterProposal(Minister, null, "the minister is the counterpart"), countered.Proposal);

        var accepted = countered.Accept(T0.AddHours(2), Side.Requester);

        Assert.Equal(Minister, accepted.Agreement!.Counterpart);
    }

    [Fact]
    public void CounterProposingOnlyATime_KeepsTheCounterpartAskedFor()
    {
        var countered = Open().Acknowledge(T0.AddMinutes(1))
            .Apply(new ContactAction.Counter("desk", CmcViceChairman, T0.AddDays(5)), Side.Responder, T0.AddHours(1));

        Assert.Null(countered.Proposal!.Counterpart);
        Assert.Equal(CmcViceChairman, countered.Accept(T0.AddHours(2), Side.Requester).Agreement!.Counterpart);
    }

    [Fact]
    public void CounterProposingNothingNew_IsRefusedForMissingDetails()
    {
        var acknowledged = Open().Acknowledge(T0.AddMinutes(1));

        Assert.Equal(DecisionReason.MissingDetails, Decide(acknowledged, new ContactAction.Counter("desk", null, null), Side.Responder).Reason);
        Assert.Equal(DecisionReason.MissingDetails, Decide(acknowledged, new ContactAction.Counter("desk", CmcViceChairman, null), Side.Responder).Reason);
    }

    [Fact]
    public void DeclineWithACodeNotOnTheList_IsRefusedForMissingReason()
    {
        var acknowledged = Open().Acknowledge(T0.AddMinutes(1));

        var decision = Decide(acknowledged, new ContactAction.Decline("desk", (DeclineReason)99), Side.Responder);

        Assert.Equal(DecisionReason.MissingReason, decision.Reason);
        Assert.Same(acknowledged, decision.Request);
    }

    [Fact]
    public void DeclineWithNoReasonGiven_NeedsNoText()
    {
        var declined = Open().Acknowledge(T0.AddMinutes(1))
            .Apply(new ContactAction.Decline("desk", DeclineReason.NoReasonGiven), Side.Responder, T0.AddHours(1));

        Assert.Equal(ContactRequestState.Declined, declined.State);
    }

    [Fact]
    public void CancelWithoutAReason_IsRefused()
    {
        var accepted = Open().Acknowledge(T0.AddMinutes(1)).Accept(T0.AddHours(1));

        Assert.Equal(DecisionReason.MissingReason, Decide(accepted, new ContactAction.Cancel("desk", " "), Side.Responder).Reason);
    }

    [Fact]
    public void CompleteWithoutAnOutcome_IsRefused()
    {
        var accepted = Open().Acknowledge(T0.AddMinutes(1)).Accept(T0.AddHours(1));

        Assert.Equal(DecisionReason.MissingDetails, Decide(accepted, new ContactAction.Complete("desk", ""), Side.Requester).Reason);
    }

    [Fact]
    public void AcceptWithoutAChannel_IsRefused()
    {
        var acknowledged = Open().Acknowledge(T0.AddMinutes(1));

        Assert.Equal(DecisionReason.MissingDetails, Decide(acknowledged, new ContactAction.Accept("desk", T0.AddDays(1), ""), Side.Responder).Reason);
    }

    [Fact]
    public void ActionWithoutAnActor_IsRefused()
        => Assert.Equal(DecisionReason.MissingActor, Decide(Open(), new ContactAction.Acknowledge(""), Side.Responder).Reason);

    [Fact]
    public void AnyActionOnAnOpenRequestAtOrAfterItsExpiry_IsRefusedAsExpiredAlready()
    {
        var request = Open(expiresAt: T0.AddHours(2));

        var atExpiry = Decide(request, ValidAction(ContactActionKind.Acknowledge), Side.Responder, T0.AddHours(2));
        var justBefore = Decide(request, ValidAction(ContactActionKind.Acknowledge), Side.Responder, T0.AddHours(2).AddTicks(-1));

        Assert.Equal(DecisionReason.ExpiredAlready, atExpiry.Reason);
        Assert.Same(request, atExpiry.Request);
        Assert.Equal(DecisionReason.Applied, justBefore.Reason);
    }

    [Fact]
    public void ExpireBeforeTheExpiry_IsNotYetDue_AndAtTheExpiry_IsApplied()
    {
        var request = Open(expiresAt: T0.AddHours(2));

        Assert.Equal(DecisionReason.NotYetDue, Decide(request, new ContactAction.Expire(), Side.Requester, T0.AddHours(2).AddTicks(-1)).Reason);
        Assert.Equal(ContactRequestState.Expired, request.Expire(T0.AddHours(2)).State);
    }

    [Fact]
    public void ExpireOfARequestWithoutExpiry_IsNotYetDue()
        => Assert.Equal(DecisionReason.NotYetDue, Decide(Open(), new ContactAction.Expire(), Side.Responder, T0.AddYears(1)).Reason);

    [Fact]
    public void AnAcceptedRequest_IsNoLongerBoundByTheExpiry()
    {
        var accepted = Open(expiresAt: T0.AddHours(2)).Acknowledge(T0.AddMinutes(1)).Accept(T0.AddHours(1));

        Assert.Equal(ContactRequestState.Completed, accepted.Complete(T0.AddDays(3)).State);
    }

    [Fact]
    public void Open_StampsDeadlinesFromThePolicy_AndStartsInSent()
    {
        var request = Open(precedence: Precedence.Flash);

        Assert.Equal(ContactRequestState.Sent, request.State);
        Assert.Empty(request.History);
        Assert.Equal(new RequestDeadlines(T0.AddMinutes(10), T0.AddHours(48)), request.Deadlines);
    }

    [Fact]
    public void Open_WithoutPurpose_IsRefusedForMissingDetails()
    {
        var decision = ContactRequestMachine.Open(Draft(purpose: "  "), DeadlinePolicy.Default, new EngagementRef(new EngagementId(Id(1)), 1));

        Assert.Equal(DecisionReason.MissingDetails, decision.Reason);
    }

    [Fact]
    public void Open_WithExpiryNotAfterSending_IsRefusedForInvalidTime()
    {
        var decision = ContactRequestMachine.Open(Draft(expiresAt: T0), DeadlinePolicy.Default, new EngagementRef(new EngagementId(Id(1)), 1));

        Assert.Equal(DecisionReason.InvalidTime, decision.Reason);
    }

    [Fact]
    public void Open_WithAWindowThatEndsBeforeItStarts_IsRefusedForInvalidTime()
    {
        var draft = Draft() with { Window = new TimeWindow(T0.AddDays(2), T0.AddDays(1)) };

        var decision = ContactRequestMachine.Open(draft, DeadlinePolicy.Default, new EngagementRef(new EngagementId(Id(1)), 1));

        Assert.Equal(DecisionReason.InvalidTime, decision.Reason);
    }

    [Theory]
    [InlineData("ack", ContactActionKind.Acknowledge)]
    [InlineData("acknowledge", ContactActionKind.Acknowledge)]
    [InlineData("Counter", ContactActionKind.Counter)]
    [InlineData("withdraw", ContactActionKind.Withdraw)]
    public void ActionVerbs_Parse(string text, ContactActionKind expected)
    {
        Assert.True(ContactActionKindNames.TryParse(text, out var kind));
        Assert.Equal(expected, kind);
    }

    [Fact]
    public void Names_RoundTripForEveryStateActionAndDeclineReason()
    {
        Assert.All(Enum.GetValues<ContactRequestState>(), s => Assert.True(ContactRequestStateNames.TryParse(s.ToName(), out var p) && p == s));
        Assert.All(Enum.GetValues<ContactActionKind>(), a => Assert.True(ContactActionKindNames.TryParse(a.ToName(), out var p) && p == a));
        Assert.All(Enum.GetValues<DeclineReason>(), r => Assert.True(DeclineReasonNames.TryParse(r.ToName(), out var p) && p == r));
        Assert.All(Enum.GetValues<ContactKind>(), k => Assert.True(ContactKindNames.TryParse(k.ToName(), out var p) && p == k));
    }
}
