using Hotline.Domain.ContactRequests;
using Hotline.Domain.Directory;
using Hotline.Domain.Reports;
using Hotline.Node.Api;
using Hotline.Node.Directories;

namespace Hotline.Node.Contacts;

/// <summary>The engagement report over this node's requests (both directions), per link and pair of positions.</summary>
public sealed class ReportService(NodeRuntime node, ContactRequestService requests, DirectoryService directories, SuspensionService suspensions, TimeProvider time)
{
    public async Task<ReportDto> BuildAsync(Guid? linkId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var views = await requests.ListAsync(linkId, cancellationToken).ConfigureAwait(false);
        var own = await directories.GetOwnAsync(cancellationToken).ConfigureAwait(false) ?? new PartyDirectory(node.Name, [], 1);
        var peers = new Dictionary<Guid, PartyDirectory>();
        foreach (var link in views.Select(v => v.Link).DistinctBy(l => l.Id))
        {
            peers[link.Id] = (await directories.GetPeerAsync(link.Id, cancellationToken).ConfigureAwait(false))?.Directory ?? new PartyDirectory(link.PeerName, [], 1);
        }

        var sides = views.ToDictionary(v => v.Request.Id, v => v.OurSide);
        int? LevelOf(ContactRequest r) => sides[r.Id] == Side.Requester
            ? DialogueLevel.Of(r, own, peers[r.Link.Value])
            : DialogueLevel.Of(r, peers[r.Link.Value], own);

        var linkFigures = EngagementReport.Build(views.Select(v => v.Request), now, LevelOf, since);
        var byId = views.Select(v => v.Link).DistinctBy(l => l.Id).ToDictionary(l => l.Id);
        var result = new List<LinkReportDto>();
        foreach (var figures in linkFigures)
        {
            var link = byId[figures.Link.Value];
            var suspension = await suspensions.GetAsync(link.Id, cancellationToken).ConfigureAwait(false);
            var suspended = suspension.SuspendedBetween(since ?? link.CreatedAt, now);
            result.Add(new LinkReportDto(link.Id.ToString("D"), link.PeerName, ToDto(figures.Figures), suspended.TotalDays,
                [.. figures.Pairs.Select(p => new PairReportDto(p.From.Value, p.To.Value, ToDto(p.Figures)))]));
        }

        return new ReportDto(now, since, result);
    }

    private static FiguresDto ToDto(EngagementFigures f) => new(
        f.Requests, f.Engagements, f.RepeatedAttempts, f.Acknowledged, f.AcknowledgedWithinDeadline, f.Accepted, f.Declined,
        f.DeclinedByReason.ToDictionary(kv => kv.Key.ToName(), kv => kv.Value), f.Countered, f.Expired, f.Withdrawn, f.Cancelled,
        f.Completed, f.Missed, f.OverdueNow, ToDto(f.TimeToAcknowledge), ToDto(f.TimeToAnswer),
        [.. f.LastCompletedByLevel.Select(d => new LastDialogueDto(d.Level, d.Request.ToString(), d.From.Value, d.With.Value, d.CompletedAt, d.DaysSince))]);

    private static DurationDto ToDto(DurationFigures d) => new(d.Count, d.Median?.TotalSeconds, d.P90?.TotalSeconds);
}
