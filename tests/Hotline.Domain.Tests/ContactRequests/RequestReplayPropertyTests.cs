using System.Collections.Immutable;
using Hotline.Domain.ContactRequests;
using static Hotline.Domain.Tests.Requests;

namespace Hotline.Domain.Tests.ContactRequests;

/// <summary>
/// The property replay exists for: two nodes holding the same recorded actions compute the same request and the same
/// superseded actions, whatever order the envelopes arrived in. Scenarios come from a seeded generator: both sides
/// take actions that are legal in the state they see, sometimes crossing on the line (the other side acting on the
/// same state at about the same time), with coarse times so that ties are common, an optional expiry, an optional
/// delivery and a clock before or after the expiry.
/// </summary>
public sealed class RequestReplayPropertyTests
{
    private const int Scenarios = 600;
    private const int ShufflesPerScenario = 25;

    private static readonly string[] s_requesterActors = ["watch-officer-us", "deputy-us"];
    private static readonly string[] s_responderActors = ["watch-officer-cn", "desk-cn"];
    private static readonly string[] s_channels = ["DTL voice", "video"];

    private sealed record Scenario(ContactRequest Opened, ImmutableArray<RecordedAction> Actions, DateTimeOffset? DeliveredAt, DateTimeOffset Now);

    private static Guid NextGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A well-formed action of a kind an operator sends, with varied details so that actions differ.</summary>
    private static ContactAction SendableAction(Random random, ContactActionKind kind, Side side)
    {
        var actor = Pick(random, side == Side.Requester ? s_requesterActors : s_responderActors);
        return kind switch
        {
            ContactActionKind.Acknowledge => new ContactAction.Acknowledge(actor),
            ContactActionKind.Accept => new ContactAction.Accept(actor, T0.AddDays(random.Next(1, 5)), Pick(random, s_channels)),
            ContactActionKind.Decline => new ContactAction.Decline(actor, Pick(random, Enum.GetValues<DeclineReason>()), random.Next(2) == 0 ? null : "not now"),
            ContactActionKind.Counter => random.Next(2) == 0
                ? new ContactAction.Counter(actor, Minister, null, "the minister")
                : new ContactAction.Counter(actor, null, T0.AddDays(random.Next(1, 5))),
            ContactActionKind.Withdraw => new ContactAction.Withdraw(actor, random.Next(2) == 0 ? null : "overtaken by events"),
            ContactActionKind.Cancel => new ContactAction.Cancel(actor, "pandemic"),
            ContactActionKind.Complete => new ContactAction.Complete(actor, "held; notes filed"),
            ContactActionKind.Miss => new ContactAction.Miss(actor),
            ContactActionKind.Deliver or ContactActionKind.Expire => throw new ArgumentOutOfRangeException(nameof(kind), "derived, never recorded"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static List<Transition> Sendable(ContactRequestState state, Side? by = null)
        => [.. ContactRequestTransitions.From(state)
            .Where(t => t.Action is not (ContactActionKind.Deliver or ContactActionKind.Expire) && (by is null || t.By == by))];

    private static Scenario Generate(Random random)
    {
        DateTimeOffset? expiresAt = random.Next(3) == 0 ? null : T0.AddMinutes(random.Next(5, 40));
        var opened = Open(Draft(expiresAt: expiresAt));
        var actions = ImmutableArray.CreateBuilder<RecordedAction>();
        var seen = opened;
        var clock = T0;
        var steps = random.Next(0, 9);
        for (var step = 0; step < steps; step++)
        {
            clock = clock.AddMinutes(random.Next(0, 4)); // 0: ties with the previous action
            var legal = Sendable(seen.State);
            if (legal.Count == 0)
            {
                break;
            }

            var before = seen;
            var taken = Pick(random, legal);
            var action = SendableAction(random, taken.Action, taken.By);
            actions.Add(new RecordedAction(action, taken.By, clock, NextGuid(random)));
            var decision = ContactRequestMachine.Decide(seen, action, taken.By, clock);
            if (decision.IsApplied)
            {
                seen = decision.Request;
            }

            // Crossing on the line: the other side, not yet aware, acts on the state it saw, at about the same time.
            var crossing = Sendable(before.State, taken.By.Other());
            if (crossing.Count > 0 && random.Next(3) == 0)
            {
                var other = Pick(random, crossing);
                var at = clock.AddMinutes(random.Next(-1, 2));
                actions.Add(new RecordedAction(SendableAction(random, other.Action, other.By), other.By, at < T0 ? T0 : at, NextGuid(random)));
            }
        }

        DateTimeOffset? deliveredAt = random.Next(3) == 0 ? null : T0.AddMinutes(random.Next(0, 15));
        var now = T0.AddMinutes(random.Next(0, 60));
        return new Scenario(opened, actions.ToImmutable(), deliveredAt, now);
    }

    private static ReplayedRequest Replay(Scenario s, IEnumerable<RecordedAction> actions)
        => RequestReplay.Replay(s.Opened, actions, s.DeliveredAt, s.Now);

    /// <summary>The generated scenarios of a seed, each with its replay in the order generated.</summary>
    private static IEnumerable<(Scenario Scenario, ReplayedRequest Replayed)> Replayed(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Scenarios; i++)
        {
            var scenario = Generate(random);
            yield return (scenario, Replay(scenario, scenario.Actions));
        }
    }

    private static void AssertSameReplay(ReplayedRequest expected, ReplayedRequest actual)
    {
        Assert.Equal(expected.Request.State, actual.Request.State);
        Assert.Equal(expected.Request.History, actual.Request.History);
        Assert.Equal(expected.Request.Agreement, actual.Request.Agreement);
        Assert.Equal(expected.Request.Proposal, actual.Request.Proposal);
        Assert.Equal(expected.Superseded, actual.Superseded);

        // Everything else about the request as well (History is compared above: the record compares lists by reference).
        Assert.Equal(
            expected.Request with { History = ImmutableList<ContactRequestEntry>.Empty },
            actual.Request with { History = ImmutableList<ContactRequestEntry>.Empty });
    }

    [Fact]
    public void SameRecordedActions_InAnyOrder_ReplayToTheSameRequestAndTheSameSupersededActions()
    {
        var random = new Random(1);
        foreach (var (scenario, expected) in Replayed(20_250_101))
        {
            for (var shuffle = 0; shuffle < ShufflesPerScenario; shuffle++)
            {
                var order = scenario.Actions.ToArray();
                random.Shuffle(order);
                AssertSameReplay(expected, Replay(scenario, order));
            }

            var reversed = scenario.Actions.ToArray();
            Array.Reverse(reversed);
            AssertSameReplay(expected, Replay(scenario, reversed));
        }
    }

    [Fact]
    public void EveryRecordedAction_IsEitherInTheHistoryOrSuperseded_AndTheHistoryIsInTimeOrder()
    {
        foreach (var (scenario, replayed) in Replayed(7))
        {
            var history = replayed.Request.History;

            var applied = history.Where(e => e.Kind is not (ContactActionKind.Deliver or ContactActionKind.Expire)).ToList();
            Assert.Equal(scenario.Actions.Length, applied.Count + replayed.Superseded.Length);
            Assert.All(replayed.Superseded, s => Assert.Contains(s.Recorded, scenario.Actions));
            Assert.All(replayed.Superseded, s => Assert.NotEqual(DecisionReason.Applied, s.Reason));
            Assert.All(history.Zip(history.Skip(1)), pair => Assert.True(pair.First.At <= pair.Second.At));
            Assert.All(history.Zip(history.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
            if (!history.IsEmpty)
            {
                Assert.Equal(ContactRequestState.Sent, history[0].From);
                Assert.Equal(replayed.Request.State, history[^1].To);
            }
        }
    }

    [Fact]
    public void ExpiryIsDerived_OnlyFromTheExpiryOn_AndOnlyWhileOpen()
    {
        foreach (var (scenario, replayed) in Replayed(11))
        {
            var expiries = replayed.Request.History.Where(e => e.Kind == ContactActionKind.Expire).ToList();

            if (scenario.Opened.ExpiresAt is not { } expiresAt || scenario.Now < expiresAt)
            {
                Assert.Empty(expiries);
                continue;
            }

            // Past the expiry nothing the request's own side or the other did at or after it was applied.
            Assert.DoesNotContain(replayed.Request.History, e => e.At >= expiresAt && e.Kind != ContactActionKind.Expire && e.From.IsOpen());
            if (expiries.Count == 1)
            {
                Assert.Equal(expiresAt, expiries[0].At);
                Assert.Equal(ContactRequestState.Expired, replayed.Request.State);
            }
            else
            {
                Assert.Empty(expiries);
                Assert.False(replayed.Request.State.IsOpen(), $"open past its expiry: {replayed.Request.State}");
            }
        }
    }

    [Fact]
    public void TheGeneratorProducesCrossingsTiesExpiriesAndDeliveries()
    {
        // Guards the property tests above against a generator that quietly stopped exercising the interesting cases.
        var all = Replayed(20_250_101).ToList();
        var scenarios = all.Select(r => r.Scenario).ToList();
        var replays = all.Select(r => r.Replayed).ToList();

        Assert.Contains(replays, r => r.Superseded.Any(s => s.Reason == DecisionReason.IllegalInState));
        Assert.Contains(replays, r => r.Superseded.Any(s => s.Reason == DecisionReason.ExpiredAlready));
        Assert.Contains(replays, r => r.Request.State == ContactRequestState.Expired);
        Assert.Contains(replays, r => r.Request.History.Any(e => e.Kind == ContactActionKind.Deliver));
        Assert.Contains(scenarios, s => s.Actions.GroupBy(a => a.At).Any(g => g.Select(a => a.Side).Distinct().Count() == 2));
        Assert.Contains(scenarios, s => s.Actions.GroupBy(a => (a.At, a.Side)).Any(g => g.Count() > 1));
        foreach (var state in new[] { ContactRequestState.Accepted, ContactRequestState.Declined, ContactRequestState.Countered, ContactRequestState.Withdrawn, ContactRequestState.Completed, ContactRequestState.Missed, ContactRequestState.Cancelled })
        {
            Assert.Contains(replays, r => r.Request.State == state);
        }
    }
}
