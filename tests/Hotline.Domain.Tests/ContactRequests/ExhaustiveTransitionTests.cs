using Hotline.Domain.ContactRequests;
using static Hotline.Domain.ContactRequests.ContactActionKind;
using static Hotline.Domain.ContactRequests.ContactRequestState;

namespace Hotline.Domain.Tests.ContactRequests;

/// <summary>
/// Every state × every action × both sides, generated from the enums, against an expected table written out here
/// independently of <see cref="ContactRequestTransitions"/>.
/// </summary>
public sealed class ExhaustiveTransitionTests
{
    // The expected table, row by row: in this state, this action by the requester leads to…, by the responder to…
    // (null: that side may not). Anything not listed is illegal for both sides.
    private static readonly (ContactRequestState State, ContactActionKind Action, ContactRequestState? ByRequester, ContactRequestState? ByResponder)[] s_expected =
    [
        (Sent, Deliver, null, Delivered),
        (Sent, Acknowledge, null, Acknowledged),
        (Sent, Withdraw, Withdrawn, null),
        (Sent, Expire, Expired, Expired),

        (Delivered, Acknowledge, null, Acknowledged),
        (Delivered, Withdraw, Withdrawn, null),
        (Delivered, Expire, Expired, Expired),

        (Acknowledged, Accept, null, Accepted),
        (Acknowledged, Decline, null, Declined),
        (Acknowledged, ContactActionKind.Counter, null, Countered),
        (Acknowledged, Withdraw, Withdrawn, null),
        (Acknowledged, Expire, Expired, Expired),

        (Countered, Accept, Accepted, null),
        (Countered, Withdraw, Withdrawn, null),
        (Countered, Expire, Expired, Expired),

        (Accepted, Cancel, Cancelled, Cancelled),
        (Accepted, Complete, Completed, Completed),
        (Accepted, Miss, Missed, Missed),

        // Declined, Completed, Missed, Withdrawn, Expired, Cancelled: final, nothing applies.
    ];

    /// <summary>What the table above expects, before any expiry: the state the action leads to, or why it is refused.</summary>
    internal static (DecisionReason Reason, ContactRequestState? To) ExpectedOutcome(ContactRequestState state, ContactActionKind action, Side side)
    {
        var row = s_expected.SingleOrDefault(r => r.State == state && r.Action == action);
        var mine = side == Side.Requester ? row.ByRequester : row.ByResponder;
        var theirs = side == Side.Requester ? row.ByResponder : row.ByRequester;
        return mine is not null ? (DecisionReason.Applied, mine)
            : theirs is not null ? (DecisionReason.WrongSide, null)
            : (DecisionReason.IllegalInState, null);
    }

    public static TheoryData<ContactRequestState, ContactActionKind, Side> AllCombinations()
    {
        var data = new TheoryData<ContactRequestState, ContactActionKind, Side>();
        foreach (var state in Enum.GetValues<ContactRequestState>())
        {
            foreach (var action in Enum.GetValues<ContactActionKind>())
            {
                foreach (var side in Enum.GetValues<Side>())
                {
                    data.Add(state, action, side);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Combinations_CoverElevenStatesTenActionsTwoSides()
        => Assert.Equal(11 * 10 * 2, AllCombinations().Count);

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Action_InState_BySide_HasTheExpectedOutcome(ContactRequestState state, ContactActionKind action, Side side)
    {
        var request = Requests.InState(state);
        // Expire is only due at the expiry; everything else happens well before it.
        var now = action == Expire ? request.ExpiresAt!.Value : Requests.T0.AddHours(1);

        var decision = ContactRequestMachine.Decide(request, Requests.ValidAction(action), side, now);

        var (expectedReason, mine) = ExpectedOutcome(state, action, side);

        Assert.Equal(expectedReason, decision.Reason);
        if (mine is { } to)
        {
            Assert.Equal(to, decision.Request.State);
            Assert.Equal(request.History.Count + 1, decision.Request.History.Count);
            var entry = decision.Request.History[^1];
            Assert.Equal((state, to, action, side, now), (entry.From, entry.To, entry.Kind, entry.Side, entry.At));
            Assert.False(string.IsNullOrWhiteSpace(entry.Actor));
            Assert.Same(entry, decision.Entry);
        }
        else
        {
            Assert.Same(request, decision.Request);
            Assert.Equal(state, decision.Request.State);
            Assert.Equal(request.History.Count, decision.Request.History.Count);
            Assert.Null(decision.Entry);
            Assert.False(string.IsNullOrWhiteSpace(decision.Message));
        }
    }

    [Fact]
    public void ProductionTable_HasNoDuplicateRows()
    {
        var keys = ContactRequestTransitions.All.Select(t => (t.From, t.Action, t.By)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void EveryState_IsReachableFromSent()
    {
        var reached = new HashSet<ContactRequestState> { Sent };
        var frontier = new Queue<ContactRequestState>([Sent]);
        while (frontier.TryDequeue(out var state))
        {
            foreach (var transition in ContactRequestTransitions.From(state))
            {
                if (reached.Add(transition.To))
                {
                    frontier.Enqueue(transition.To);
                }
            }
        }

        Assert.Equal(Enum.GetValues<ContactRequestState>().Order(), reached.Order());
    }
}
