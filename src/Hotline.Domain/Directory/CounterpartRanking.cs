using System.Collections.Immutable;
using System.Globalization;

namespace Hotline.Domain.Directory;

/// <summary>
/// Ranks the peer's positions as counterparts for one of ours. Order: positions our side declared for it, then those
/// the peer declared for it; then the rest by nearness of protocol level (same level first), then same kind of
/// authority, then most recent engagement with our position, then id (so the order is stable). Every candidate
/// carries its reasons: a declaration if any, its level, its authority and its last engagement if any.
/// </summary>
public static class CounterpartRanking
{
    public static ImmutableArray<CounterpartCandidate> Rank(
        Position forPosition,
        PartyDirectory peerDirectory,
        IEnumerable<CounterpartRule> declaredRules,
        IEnumerable<RecentEngagement> recentEngagement)
    {
        ArgumentNullException.ThrowIfNull(forPosition);
        ArgumentNullException.ThrowIfNull(peerDirectory);
        ArgumentNullException.ThrowIfNull(declaredRules);
        ArgumentNullException.ThrowIfNull(recentEngagement);

        var rules = declaredRules.Where(r => r.Ours == forPosition.Id).ToList();
        var lastContact = recentEngagement
            .Where(e => e.Ours == forPosition.Id)
            .GroupBy(e => e.Theirs)
            .ToDictionary(g => g.Key, g => g.Max(e => e.LastAt));

        var scored = peerDirectory.Positions.Select(position =>
        {
            var byUs = rules.Any(r => r.Theirs == position.Id && r.DeclaredBy == DeclaredBy.OurSide);
            var byPeer = rules.Any(r => r.Theirs == position.Id && r.DeclaredBy == DeclaredBy.PeerSide);
            DateTimeOffset? last = lastContact.TryGetValue(position.Id, out var at) ? at : null;
            return new
            {
                Position = position,
                Declared = byUs ? 0 : byPeer ? 1 : 2,
                Distance = Math.Abs((long)position.Level - forPosition.Level),
                SameAuthority = position.Authority == forPosition.Authority,
                Last = last,
                Reasons = Reasons(forPosition, position, peerDirectory.Party, byUs, byPeer, last),
            };
        });

        var ordered = scored
            .OrderBy(c => c.Declared)
            .ThenBy(c => c.Distance)
            .ThenByDescending(c => c.SameAuthority)
            .ThenByDescending(c => c.Last ?? DateTimeOffset.MinValue)
            .ThenBy(c => c.Position.Id.Value, StringComparer.Ordinal)
            .ToList();

        return [.. ordered.Select((c, i) => new CounterpartCandidate(c.Position, i + 1, c.Reasons))];
    }

    private static List<RankingReason> Reasons(Position ours, Position theirs, string peerParty, bool byUs, bool byPeer, DateTimeOffset? last)
    {
        var reasons = new List<RankingReason>();
        if (byUs)
        {
            reasons.Add(new(RankingReasonKind.DeclaredByUs, $"declared by our side as the counterpart of {ours.Title}"));
        }

        if (byPeer)
        {
            reasons.Add(new(RankingReasonKind.DeclaredByPeer, $"declared by {peerParty} as the counterpart of {ours.Title}"));
        }

        reasons.Add(theirs.Level == ours.Level
            ? new(RankingReasonKind.SameLevel, string.Create(CultureInfo.InvariantCulture, $"same protocol level ({theirs.Level})"))
            : new(RankingReasonKind.OtherLevel, string.Create(CultureInfo.InvariantCulture,
                $"protocol level {theirs.Level}, {(theirs.Level < ours.Level ? "above" : "below")} {ours.Title}'s {ours.Level}")));

        reasons.Add(theirs.Authority == ours.Authority
            ? new(RankingReasonKind.SameAuthority, $"same kind of authority ({theirs.Authority.ToName()})")
            : new(RankingReasonKind.OtherAuthority, $"{theirs.Authority.ToName()} authority, not {ours.Authority.ToName()}"));

        if (last is { } at)
        {
            reasons.Add(new(RankingReasonKind.RecentEngagement, string.Create(CultureInfo.InvariantCulture, $"last in contact with {ours.Title} on {at:yyyy-MM-dd}")));
        }

        return reasons;
    }
}
