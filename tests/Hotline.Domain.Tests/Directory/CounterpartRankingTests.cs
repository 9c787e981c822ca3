using Hotline.Domain.Directory;
using static Hotline.Domain.Tests.Parties;

namespace Hotline.Domain.Tests.Directory;

public sealed class CounterpartRankingTests
{
    private static readonly DateTimeOffset s_now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static Position Ours(string id) => UnitedStates().Find(new PositionId(id))!;

    private static IEnumerable<string> Ids(IEnumerable<CounterpartCandidate> ranked) => ranked.Select(c => c.Position.Id.Value);

    [Fact]
    public void ADeclaredRule_WinsOverLevelAndAuthority()
    {
        var rules = new[]
        {
            new CounterpartRule(new("secdef"), new("cn-watch"), DeclaredBy.OurSide),
            new CounterpartRule(new("secdef"), new("mnd-minister"), DeclaredBy.PeerSide),
            new CounterpartRule(new("us-cjcs"), new("jsd-chief"), DeclaredBy.OurSide), // another position's rule: ignored
        };

        var ranked = CounterpartRanking.Rank(Ours("secdef"), China(), rules, []);

        Assert.Equal(["cn-watch", "mnd-minister", "cmc-vice-chairman", "jsd-chief"], Ids(ranked));
        Assert.Equal([1, 2, 3, 4], ranked.Select(c => c.Rank));
        Assert.Equal(RankingReasonKind.DeclaredByUs, ranked[0].Reasons[0].Kind);
        Assert.Equal(RankingReasonKind.DeclaredByPeer, ranked[1].Reasons[0].Kind);
        Assert.Contains("PRC", ranked[1].Reasons[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutRules_NearestLevelComesFirst_ThenSameAuthority()
    {
        // The Chairman (level 2, military): the Joint Staff chief (2, military), then the level-1 minister (military)
        // before the level-1 vice chairman (party), then the watch desk (5).
        var ranked = CounterpartRanking.Rank(Ours("us-cjcs"), China(), [], []);

        Assert.Equal(["jsd-chief", "mnd-minister", "cmc-vice-chairman", "cn-watch"], Ids(ranked));
        Assert.Equal([RankingReasonKind.SameLevel, RankingReasonKind.SameAuthority], ranked[0].Reasons.Select(r => r.Kind));
        Assert.Equal([RankingReasonKind.OtherLevel, RankingReasonKind.OtherAuthority], ranked[2].Reasons.Select(r => r.Kind));
        Assert.Equal("protocol level 1, above Chairman of the Joint Chiefs of Staff's 2", ranked[2].Reasons[0].Text);
    }

    [Fact]
    public void RecentEngagement_BreaksATieOfLevelAndAuthority()
    {
        // The Secretary (level 1, civilian): both level-1 peers differ in authority, so recent contact decides.
        var recent = new[]
        {
            new RecentEngagement(new("secdef"), new("cmc-vice-chairman"), s_now.AddDays(-300)),
            new RecentEngagement(new("secdef"), new("mnd-minister"), s_now.AddDays(-30)),
            new RecentEngagement(new("us-deputy"), new("cmc-vice-chairman"), s_now), // another position's contact: ignored
        };

        var ranked = CounterpartRanking.Rank(Ours("secdef"), China(), [], recent);

        Assert.Equal(["mnd-minister", "cmc-vice-chairman", "jsd-chief", "cn-watch"], Ids(ranked));
        Assert.Equal(RankingReasonKind.RecentEngagement, ranked[0].Reasons[^1].Kind);
        Assert.Equal("last in contact with Secretary of Defense on 2025-05-02", ranked[0].Reasons[^1].Text);
    }

    [Fact]
    public void EveryCandidate_CarriesItsLevelAndAuthorityReasons()
    {
        var ranked = CounterpartRanking.Rank(Ours("secdef"), China(), [], []);

        Assert.All(ranked, c =>
        {
            Assert.Contains(c.Reasons, r => r.Kind is RankingReasonKind.SameLevel or RankingReasonKind.OtherLevel);
            Assert.Contains(c.Reasons, r => r.Kind is RankingReasonKind.SameAuthority or RankingReasonKind.OtherAuthority);
            Assert.All(c.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
        });
        Assert.Equal("Xu Qiliang", ranked.Single(c => c.Position.Id.Value == "cmc-vice-chairman").Position.Principal);
    }

    [Fact]
    public void AnEmptyPeerDirectory_RanksNobody()
        => Assert.Empty(CounterpartRanking.Rank(Ours("secdef"), new PartyDirectory("PRC", [], 1), [], []));
}
