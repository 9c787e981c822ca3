using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using static Hotline.Domain.Tests.Requests;

namespace Hotline.Domain.Tests.ContactRequests;

public sealed class EngagementTests
{
    private static readonly EngagementId s_fresh = new(new Guid("eeeeeeee-0000-0000-0000-000000000001"));

    /// <summary>Opens the draft as the next attempt given the requests so far, like the node would.</summary>
    private static ContactRequest Attempt(NewContactRequest draft, List<ContactRequest> existing, EngagementId newId)
    {
        var request = Open(draft, DeadlinePolicy.Default, Engagement.Assign(draft, existing, newId));
        existing.Add(request);
        return request;
    }

    [Fact]
    public void FirstRequest_StartsANewEngagementAsAttemptOne()
        => Assert.Equal(new EngagementRef(s_fresh, 1), Engagement.Assign(Draft(), [], s_fresh));

    [Fact]
    public void RepeatedRequestsWhileEarlierOnesStandUnanswered_AreNumberedAttemptsOfOneEngagement()
    {
        var existing = new List<ContactRequest>();
        var first = Attempt(Draft(1, sentAt: T0), existing, new EngagementId(Id(101)));
        var second = Attempt(Draft(2, sentAt: T0.AddDays(7)), existing, new EngagementId(Id(102)));
        existing[1] = second.Deliver(T0.AddDays(7).AddSeconds(1));
        var third = Attempt(Draft(3, sentAt: T0.AddDays(14)), existing, new EngagementId(Id(103)));

        Assert.Equal(new EngagementRef(new EngagementId(Id(101)), 1), first.Engagement);
        Assert.Equal(new EngagementRef(new EngagementId(Id(101)), 2), second.Engagement);
        Assert.Equal(new EngagementRef(new EngagementId(Id(101)), 3), third.Engagement);
    }

    [Fact]
    public void AnAcknowledgedEarlierRequest_StartsANewEngagement()
    {
        var earlier = Open(Draft(1)).Acknowledge(T0.AddMinutes(3));

        Assert.Equal(new EngagementRef(s_fresh, 1), Engagement.Assign(Draft(2, sentAt: T0.AddDays(1)), [earlier], s_fresh));
    }

    [Fact]
    public void AnAnsweredEarlierRequest_StartsANewEngagement()
    {
        var declined = Open(Draft(1)).Acknowledge(T0.AddMinutes(3)).Decline(DeclineReason.Timing, T0.AddHours(1));

        Assert.Equal(new EngagementRef(s_fresh, 1), Engagement.Assign(Draft(2, sentAt: T0.AddDays(1)), [declined], s_fresh));
    }

    [Fact]
    public void AnEarlierRequestThatExpiredInSilence_StillChainsTheAttempts()
    {
        var expired = Open(Draft(1, expiresAt: T0.AddDays(1))).Expire(T0.AddDays(1));

        Assert.Equal(new EngagementRef(expired.Engagement.Id, 2), Engagement.Assign(Draft(2, sentAt: T0.AddDays(2)), [expired], s_fresh));
    }

    [Fact]
    public void AnotherCounterpartOrLinkOrRequester_StartsANewEngagement()
    {
        var earlier = Open(Draft(1));

        Assert.Equal(1, Engagement.Assign(Draft(2, to: Minister), [earlier], s_fresh).Attempt);
        Assert.Equal(1, Engagement.Assign(Draft(2, from: Minister), [earlier], s_fresh).Attempt);
        Assert.Equal(1, Engagement.Assign(Draft(2, link: new LinkId(Id(99))), [earlier], s_fresh).Attempt);
    }

    [Theory]
    [InlineData("crisis communications", true)]
    [InlineData("  CRISIS\tcommunications \n", true)]
    [InlineData("Crisis communications.", false)]
    [InlineData("Crisis communication", false)]
    public void SamePurpose_IsNormalizedTextEquality(string other, bool same)
    {
        Assert.Equal(same, Engagement.SamePurpose("Crisis communications", other));

        var earlier = Open(Draft(1, purpose: "Crisis communications"));
        Assert.Equal(same ? 2 : 1, Engagement.Assign(Draft(2, purpose: other), [earlier], s_fresh).Attempt);
    }

    [Fact]
    public void NormalizePurpose_FoldsCompatibilityFormsWhiteSpaceAndCase()
        => Assert.Equal("MARITIME INCIDENT", Engagement.NormalizePurpose("\u00a0ｍaritime\u2003  incident "));
}
