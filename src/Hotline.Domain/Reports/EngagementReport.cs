using System.Collections.Immutable;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Directory;

namespace Hotline.Domain.Reports;

/// <summary>The figures of one pair of positions on a link (the requesting position and the one asked for).</summary>
public sealed record PairFigures(LinkId Link, PositionId From, PositionId To, EngagementFigures Figures);

/// <summary>The figures of one link, overall and per pair of positions.</summary>
public sealed record LinkFigures(LinkId Link, EngagementFigures Figures, ImmutableArray<PairFigures> Pairs);

/// <summary>
/// The engagement report (<c>hotline report [--link L] [--since DATE]</c>): per link, then per pair of positions,
/// over the requests sent at or after <c>since</c>. Links and pairs are ordered by id, so the report is stable.
/// </summary>
public static class EngagementReport
{
    public static ImmutableArray<LinkFigures> Build(
        IEnumerable<ContactRequest> requests,
        DateTimeOffset now,
        Func<ContactRequest, int?> levelOf,
        DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var selected = requests.Where(r => since is null || r.SentAt >= since).ToList();
        return
        [
            .. selected
                .GroupBy(r => r.Link)
                .OrderBy(g => g.Key.Value)
                .Select(link => new LinkFigures(
                    link.Key,
                    EngagementFigures.Compute(link, now, levelOf),
                    [
                        .. link.GroupBy(r => (r.From, r.To))
                            .OrderBy(g => g.Key.From.Value, StringComparer.Ordinal)
                            .ThenBy(g => g.Key.To.Value, StringComparer.Ordinal)
                            .Select(pair => new PairFigures(link.Key, pair.Key.From, pair.Key.To, EngagementFigures.Compute(pair, now, levelOf))),
                    ])),
        ];
    }
}
