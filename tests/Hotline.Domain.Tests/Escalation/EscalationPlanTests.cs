using Hotline.Domain.ContactRequests;
using Hotline.Domain.Escalation;
using Microsoft.Extensions.Time.Testing;
using static Hotline.Domain.Tests.Requests;

namespace Hotline.Domain.Tests.Escalation;

public sealed class EscalationPlanTests
{
    // Notify the watch officers at once, the duty director after 5 minutes, the minister's office 10 minutes later.
    private static readonly EscalationPolicy s_policy = new(
    [
        EscalationStep.NotifyRoles(TimeSpan.FromMinutes(5), "watch-officer"),
        EscalationStep.NotifyRoles(TimeSpan.FromMinutes(10), "duty-director"),
        EscalationStep.NotifyOperators(TimeSpan.Zero, "minister-office"),
    ]);

    [Fact]
    public void Steps_FallDueInOrder_AsTheClockAdvances()
    {
        var clock = new FakeTimeProvider(T0);
        var request = Open(Draft(sentAt: T0)).Deliver(T0.AddSeconds(1));
        var taken = 0;
        var notified = new List<string>();

        void Tick(TimeSpan by)
        {
            clock.Advance(by);
            foreach (var step in EscalationPlan.Due(request, s_policy, clock.GetUtcNow(), taken))
            {
                Assert.Equal(taken + 1, step.Number);
                notified.AddRange(step.Step.Roles.Concat(step.Step.Operators));
                taken++;
            }
        }

        Tick(TimeSpan.Zero);
        Assert.Equal(["watch-officer"], notified);
        Tick(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.Equal(1, taken);
        Tick(TimeSpan.FromTicks(1));
        Assert.Equal(["watch-officer", "duty-director"], notified);
        Tick(TimeSpan.FromMinutes(10));
        Assert.Equal(["watch-officer", "duty-director", "minister-office"], notified);
        Tick(TimeSpan.FromHours(5));
        Assert.Equal(3, taken);
    }

    [Fact]
    public void ALateArrival_MakesEveryPassedStepDueAtOnce_InOrder()
    {
        var due = EscalationPlan.Due(Open(Draft(sentAt: T0)), s_policy, T0.AddHours(1), 0);

        Assert.Equal([1, 2, 3], due.Select(s => s.Number));
        Assert.Equal([T0, T0.AddMinutes(5), T0.AddMinutes(15)], due.Select(s => s.DueAt));
    }

    [Fact]
    public void NothingIsDue_AfterAcknowledgment()
    {
        var acknowledged = Open(Draft(sentAt: T0)).Acknowledge(T0.AddMinutes(3));

        Assert.Empty(EscalationPlan.Due(acknowledged, s_policy, T0.AddHours(1), 1));
        Assert.Empty(EscalationPlan.Due(acknowledged, s_policy, T0.AddHours(1), 0));
        Assert.Null(EscalationPlan.NextDueAt(acknowledged, s_policy, 1));
    }

    [Fact]
    public void NothingIsDue_OnceTheRequestIsWithdrawnOrAnswered()
    {
        Assert.Empty(EscalationPlan.Due(Open().Withdraw(T0.AddMinutes(1)), s_policy, T0.AddHours(1), 0));
        Assert.Empty(EscalationPlan.Due(Open().Acknowledge(T0.AddMinutes(1)).Accept(T0.AddMinutes(2)), s_policy, T0.AddHours(1), 0));
    }

    [Fact]
    public void NextDueAt_GivesTheTimerItsNextMoment()
    {
        var request = Open(Draft(sentAt: T0));

        Assert.Equal(T0, EscalationPlan.NextDueAt(request, s_policy, 0));
        Assert.Equal(T0.AddMinutes(15), EscalationPlan.NextDueAt(request, s_policy, 2));
        Assert.Null(EscalationPlan.NextDueAt(request, s_policy, 3));
    }

    [Fact]
    public void NoSteps_NothingIsEverDue()
        => Assert.Empty(EscalationPlan.Due(Open(), EscalationPolicy.None, T0.AddDays(1), 0));

    [Fact]
    public void NegativeStepsTaken_IsMisuse()
        => Assert.Throws<ArgumentOutOfRangeException>(() => EscalationPlan.Due(Open(), s_policy, T0, -1));

    [Fact]
    public void PolicyValidation_FlagsStepsThatNotifyNobodyOrWaitNegatively()
    {
        Assert.Empty(s_policy.Validate());
        var bad = new EscalationPolicy([new EscalationStep([], [], TimeSpan.FromMinutes(-1))]);
        Assert.Equal(2, bad.Validate().Count);
    }
}
