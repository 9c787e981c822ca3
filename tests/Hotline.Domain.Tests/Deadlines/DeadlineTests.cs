using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Protocol;
using Microsoft.Extensions.Time.Testing;
using static Hotline.Domain.Tests.Requests;

namespace Hotline.Domain.Tests.Deadlines;

public sealed class DeadlineTests
{
    [Theory]
    [InlineData(Precedence.Flash, 10)]
    [InlineData(Precedence.Immediate, 30)]
    [InlineData(Precedence.Priority, 180)]
    [InlineData(Precedence.Routine, 360)]
    public void UnacknowledgedRequest_IsOverdueJustAfterItsPrecedencesDeadline_NotBefore(Precedence precedence, int minutes)
    {
        var clock = new FakeTimeProvider(T0);
        var request = Open(Draft(precedence: precedence, sentAt: clock.GetUtcNow())).Deliver(clock.GetUtcNow());
        Assert.Equal(T0.AddMinutes(minutes), DeadlineRules.AckDeadline(request));

        clock.Advance(TimeSpan.FromMinutes(minutes) - TimeSpan.FromTicks(1));
        Assert.False(DeadlineRules.IsOverdue(request, clock.GetUtcNow()));

        clock.Advance(TimeSpan.FromTicks(1)); // exactly at the deadline: still in time
        Assert.False(DeadlineRules.IsOverdue(request, clock.GetUtcNow()));

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(OverdueKind.Acknowledgment, DeadlineRules.Overdue(request, clock.GetUtcNow()));
    }

    [Fact]
    public void AcknowledgedButUnansweredRequest_IsOverdueForAnAnswerJustAfter48Hours()
    {
        var clock = new FakeTimeProvider(T0);
        var request = Open(Draft(precedence: Precedence.Flash, sentAt: T0)).Acknowledge(T0.AddMinutes(5));
        Assert.Equal(T0.AddHours(48), DeadlineRules.ResponseDeadline(request));

        clock.Advance(TimeSpan.FromHours(48));
        Assert.Equal(OverdueKind.None, DeadlineRules.Overdue(request, clock.GetUtcNow()));

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(OverdueKind.Answer, DeadlineRules.Overdue(request, clock.GetUtcNow()));
    }

    [Fact]
    public void AcknowledgmentInTime_ClearsTheAcknowledgmentDeadline()
    {
        var request = Open(Draft(precedence: Precedence.Flash)).Acknowledge(T0.AddMinutes(10));

        Assert.False(DeadlineRules.IsOverdue(request, T0.AddHours(1)));
        Assert.True(DeadlineRules.AcknowledgedInTime(request));
    }

    [Fact]
    public void LateAcknowledgment_IsRecordedAsNotInTime()
    {
        var request = Open(Draft(precedence: Precedence.Flash)).Acknowledge(T0.AddMinutes(10).AddTicks(1));

        Assert.False(DeadlineRules.AcknowledgedInTime(request));
        Assert.Null(DeadlineRules.AcknowledgedInTime(Open()));
    }

    [Fact]
    public void AnsweredCounteredWithdrawnOrExpiredRequests_AreNeverOverdue()
    {
        var late = T0.AddDays(30);
        var acknowledged = Open(Draft(expiresAt: T0.AddDays(10))).Acknowledge(T0.AddMinutes(1));

        Assert.False(DeadlineRules.IsOverdue(acknowledged.Accept(T0.AddHours(1)), late));
        Assert.False(DeadlineRules.IsOverdue(acknowledged.Decline(DeclineReason.Timing, T0.AddHours(1)), late));
        Assert.False(DeadlineRules.IsOverdue(acknowledged.Counter(Minister, T0.AddHours(1)), late));
        Assert.False(DeadlineRules.IsOverdue(Open().Withdraw(T0.AddHours(1)), late));
        Assert.False(DeadlineRules.IsOverdue(acknowledged.Expire(T0.AddDays(10)), late));
    }

    [Fact]
    public void PerLinkPolicy_ReplacesTheDefaults()
    {
        var policy = DeadlinePolicy.Default with { Flash = TimeSpan.FromMinutes(2), Response = TimeSpan.FromHours(1) };
        var clock = new FakeTimeProvider(T0);
        var request = Open(Draft(precedence: Precedence.Flash, sentAt: T0), policy);

        Assert.Equal(T0.AddMinutes(2), DeadlineRules.AckDeadline(request));
        Assert.Equal(T0.AddHours(1), DeadlineRules.ResponseDeadline(request));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False(DeadlineRules.IsOverdue(request, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(DeadlineRules.IsOverdue(request, clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromHours(6), policy.AcknowledgmentWindow(Precedence.Routine));
    }

    [Fact]
    public void StampedDeadlines_DoNotMoveWhenThePolicyChangesLater()
    {
        var request = Open(Draft(precedence: Precedence.Routine));
        var stricter = DeadlinePolicy.Default with { Routine = TimeSpan.FromMinutes(1) };

        Assert.Equal(T0.AddHours(6), DeadlineRules.AckDeadline(request));
        Assert.Equal(T0.AddMinutes(1), stricter.Stamp(Precedence.Routine, T0).AcknowledgeBy);
    }

    [Fact]
    public void ExpiryIsDueAtTheExpiry_NotBefore_AndOnlyWhileOpen()
    {
        var request = Open(Draft(expiresAt: T0.AddDays(1)));

        Assert.False(DeadlineRules.IsExpiryDue(request, T0.AddDays(1).AddTicks(-1)));
        Assert.True(DeadlineRules.IsExpiryDue(request, T0.AddDays(1)));
        Assert.False(DeadlineRules.IsExpiryDue(request.Withdraw(T0.AddHours(1)), T0.AddDays(2)));
        Assert.False(DeadlineRules.IsExpiryDue(Open(), T0.AddYears(1)));
    }

    [Fact]
    public void NextChange_IsTheFirstMomentTheFlagOrExpiryChanges()
    {
        var request = Open(Draft(precedence: Precedence.Flash, expiresAt: T0.AddHours(1)));

        Assert.Equal(T0.AddMinutes(10).AddTicks(1), DeadlineRules.NextChange(request, T0));
        Assert.Equal(T0.AddHours(1), DeadlineRules.NextChange(request, T0.AddMinutes(11)));
        Assert.Null(DeadlineRules.NextChange(request.Withdraw(T0.AddMinutes(1)), T0.AddMinutes(2)));
    }

    [Fact]
    public void PolicyWithAZeroWindow_IsInvalid()
    {
        Assert.Empty(DeadlinePolicy.Default.Validate());
        Assert.Single((DeadlinePolicy.Default with { Immediate = TimeSpan.Zero }).Validate());
    }
}
