using Hotline.Domain.ContactRequests;
using Microsoft.Extensions.Time.Testing;
using static Hotline.Domain.ContactRequests.ContactActionKind;

namespace Hotline.Domain.Tests.ContactRequests;

/// <summary>
/// Every state × every action × both sides again (<see cref="ExhaustiveTransitionTests"/> covers them well before any
/// expiry), now at each moment that matters for the expiry, with a fake clock: one tick before it, exactly at it, a
/// day after it, and for a request without one. The machine checks, in order, the transition table, the actor, the
/// expiry, then the details; these rows pin that order for every combination.
/// </summary>
public sealed class ExhaustiveExpiryTests
{
    public enum Moment
    {
        JustBeforeExpiry,
        AtExpiry,
        DayAfterExpiry,
        NoExpiry,
    }

    public static TheoryData<ContactRequestState, ContactActionKind, Side, Moment> AllCombinationsAtEveryMoment()
    {
        var data = new TheoryData<ContactRequestState, ContactActionKind, Side, Moment>();
        foreach (var state in Enum.GetValues<ContactRequestState>())
        {
            foreach (var action in Enum.GetValues<ContactActionKind>())
            {
                foreach (var side in Enum.GetValues<Side>())
                {
                    foreach (var moment in Enum.GetValues<Moment>())
                    {
                        data.Add(state, action, side, moment);
                    }
                }
            }
        }

        return data;
    }

    public static TheoryData<ContactRequestState, ContactActionKind, Side> LegalCombinationsTakenByAPerson()
    {
        var data = new TheoryData<ContactRequestState, ContactActionKind, Side>();
        foreach (var transition in ContactRequestTransitions.All.Where(t => t.Action is not (Deliver or Expire)))
        {
            data.Add(transition.From, transition.Action, transition.By);
        }

        return data;
    }

    [Fact]
    public void Combinations_CoverElevenStatesTenActionsTwoSidesFourMoments()
        => Assert.Equal(11 * 10 * 2 * 4, AllCombinationsAtEveryMoment().Count);

    [Theory]
    [MemberData(nameof(AllCombinationsAtEveryMoment))]
    public void Action_InState_BySide_AtMoment_HasTheExpectedOutcome(ContactRequestState state, ContactActionKind action, Side side, Moment moment)
    {
        var request = Requests.InState(state);
        var expiresAt = request.ExpiresAt!.Value;
        var clock = new FakeTimeProvider(Requests.T0);
        switch (moment)
        {
            case Moment.JustBeforeExpiry:
                clock.Advance(expiresAt - Requests.T0 - TimeSpan.FromTicks(1));
                break;
            case Moment.AtExpiry:
                clock.Advance(expiresAt - Requests.T0);
                break;
            case Moment.DayAfterExpiry:
                clock.Advance(expiresAt - Requests.T0 + TimeSpan.FromDays(1));
                break;
            case Moment.NoExpiry:
                request = request with { ExpiresAt = null };
                clock.Advance(TimeSpan.FromDays(365));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(moment));
        }

        var now = clock.GetUtcNow();
        var decision = ContactRequestMachine.Decide(request, Requests.ValidAction(action), side, now);

        var (tableReason, to) = ExhaustiveTransitionTests.ExpectedOutcome(state, action, side);
        var pastExpiry = moment is Moment.AtExpiry or Moment.DayAfterExpiry;
        var expectedReason = tableReason != DecisionReason.Applied ? tableReason // the table is checked first, whatever the time
            : !state.IsOpen() ? DecisionReason.Applied // an accepted request is no longer bound by the expiry
            : action == Expire ? (pastExpiry ? DecisionReason.Applied : DecisionReason.NotYetDue)
            : pastExpiry ? DecisionReason.ExpiredAlready
            : DecisionReason.Applied;

        Assert.Equal(expectedReason, decision.Reason);
        if (expectedReason == DecisionReason.Applied)
        {
            Assert.Equal(to, decision.Request.State);
            Assert.Equal((state, to!.Value, action, side, now), (decision.Entry!.From, decision.Entry.To, decision.Entry.Kind, decision.Entry.Side, decision.Entry.At));
        }
        else
        {
            Assert.Same(request, decision.Request);
            Assert.Null(decision.Entry);
            Assert.False(string.IsNullOrWhiteSpace(decision.Message));
        }
    }

    [Theory]
    [MemberData(nameof(LegalCombinationsTakenByAPerson))]
    public void LegalAction_WithoutAnActor_IsRefusedForMissingActor_EvenPastTheExpiry(ContactRequestState state, ContactActionKind action, Side side)
    {
        var request = Requests.InState(state);
        var anonymous = Requests.ValidAction(action) with { Actor = " " };

        foreach (var now in new[] { Requests.T0.AddHours(1), request.ExpiresAt!.Value.AddDays(1) })
        {
            var decision = ContactRequestMachine.Decide(request, anonymous, side, now);

            Assert.Equal(DecisionReason.MissingActor, decision.Reason);
            Assert.Same(request, decision.Request);
        }
    }

    [Theory]
    [MemberData(nameof(LegalCombinationsTakenByAPerson))]
    public void LegalAction_BeforeTheExpiry_AppendsExactlyOneEntry_AndKeepsTheEarlierHistory(ContactRequestState state, ContactActionKind action, Side side)
    {
        // A request that really went through the earlier states (not just placed in one), so history is not empty.
        var request = Reach(state);
        var now = request.History.Count == 0 ? Requests.T0.AddHours(3) : request.History[^1].At.AddMinutes(1);

        var decision = ContactRequestMachine.Decide(request, Requests.ValidAction(action), side, now);

        Assert.True(decision.IsApplied, decision.Message);
        Assert.Equal(request.History, decision.Request.History.Take(request.History.Count));
        Assert.Equal(request.History.Count + 1, decision.Request.History.Count);
        Assert.Equal(state, decision.Entry!.From);
    }

    /// <summary>The shortest legal path from sent to <paramref name="state"/>, an hour apart, expiring a week after T0.</summary>
    private static ContactRequest Reach(ContactRequestState state)
    {
        var request = Requests.Open(Requests.Draft(expiresAt: Requests.T0.AddDays(7)));
        var at = Requests.T0;
        var path = new Queue<ContactRequestState>();
        var previous = new Dictionary<ContactRequestState, Transition>();
        path.Enqueue(ContactRequestState.Sent);
        while (path.TryDequeue(out var current) && current != state)
        {
            foreach (var t in ContactRequestTransitions.From(current).Where(t => t.Action != Expire))
            {
                if (t.To != ContactRequestState.Sent && previous.TryAdd(t.To, t))
                {
                    path.Enqueue(t.To);
                }
            }
        }

        var steps = new Stack<Transition>();
        for (var s = state; s != ContactRequestState.Sent; s = previous[s].From)
        {
            steps.Push(previous[s]);
        }

        foreach (var step in steps)
        {
            at = at.AddHours(1);
            request = request.Apply(Requests.ValidAction(step.Action), step.By, at);
        }

        Assert.Equal(state, request.State);
        return request;
    }
}
