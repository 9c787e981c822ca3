using Hotline.Domain.ContactRequests;
using Hotline.Domain.Wire;
using Hotline.Node.Records;
using Hotline.Protocol;
using Hotline.Protocol.Envelopes;
using Hotline.Storage;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Contacts;

/// <summary>One suspension or resumption on record: which party (ours or the peer's), who, why, when.</summary>
public sealed record SuspensionEvent(bool Suspend, bool Ours, string Actor, string Reason, DateTimeOffset At);

/// <summary>A link's suspension record. Each party's latest event decides whether it holds the link suspended; the
/// link is suspended while either does. Heartbeats and receipts go on; new contact requests are refused.</summary>
public sealed record SuspensionState(IReadOnlyList<SuspensionEvent> Events)
{
    public SuspensionEvent? OursActive => Latest(ours: true) is { Suspend: true } e ? e : null;

    public SuspensionEvent? TheirsActive => Latest(ours: false) is { Suspend: true } e ? e : null;

    public bool IsSuspended => OursActive is not null || TheirsActive is not null;

    /// <summary>Time spent suspended between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public TimeSpan SuspendedBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        var ours = false;
        var theirs = false;
        DateTimeOffset? since = null;
        foreach (var e in Events.OrderBy(e => e.At))
        {
            var was = ours || theirs;
            if (e.Ours)
            {
                ours = e.Suspend;
            }
            else
            {
                theirs = e.Suspend;
            }

            var now = ours || theirs;
            if (!was && now)
            {
                since = e.At;
            }
            else if (was && !now && since is { } start)
            {
                total += Overlap(start, e.At, from, to);
                since = null;
            }
        }

        return since is { } open ? total + Overlap(open, to, from, to) : total;
    }

    private SuspensionEvent? Latest(bool ours) => Events.Where(e => e.Ours == ours).MaxBy(e => e.At);

    private static TimeSpan Overlap(DateTimeOffset a, DateTimeOffset b, DateTimeOffset from, DateTimeOffset to)
    {
        var start = a > from ? a : from;
        var end = b < to ? b : to;
        return end > start ? end - start : TimeSpan.Zero;
    }
}

/// <summary>Suspends and resumes links, as signed envelopes with a reason, shown on both sides.</summary>
public sealed class SuspensionService(NodeRuntime node, RecordSubmission submission, TimeProvider time, ILogger<SuspensionService> logger)
{
    public async Task<SuspensionState> GetAsync(Guid linkId, CancellationToken cancellationToken)
    {
        var events = new List<SuspensionEvent>();
        foreach (var r in await node.Store.GetRecordsAsync(linkId, [(ushort)EnvelopeType.Suspension], cancellationToken).ConfigureAwait(false))
        {
            if (WireCodec.TryDecodeSuspension(r.Record.Body, out var body, out _))
            {
                events.Add(new SuspensionEvent(body.Action == "suspend", r.Record.Direction == LogDirection.Outbound, body.Actor, body.Reason, r.Record.CreatedAt));
            }
        }

        return new SuspensionState(events);
    }

    /// <summary>Records our party's suspension (<paramref name="suspend"/>) or resumption of a link.</summary>
    public async Task<SuspensionState> SetAsync(LinkRecord link, bool suspend, string reason, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > WireCodec.MaxTextLength)
        {
            throw new ContactRefusedException(DecisionReason.MissingReason, $"Give the reason for the {(suspend ? "suspension" : "resumption")} (at most {WireCodec.MaxTextLength} characters).");
        }

        var state = await GetAsync(link.Id, cancellationToken).ConfigureAwait(false);
        if ((state.OursActive is not null) == suspend)
        {
            throw new ContactRefusedException(DecisionReason.IllegalInState, suspend
                ? $"Our party already suspended the link with {link.PeerName}."
                : $"Our party has not suspended the link with {link.PeerName}; only the party that suspended may resume.");
        }

        var now = time.GetUtcNow();
        var action = suspend ? "suspend" : "resume";
        await submission.SubmitAsync(link, EnvelopeType.Suspension, Precedence.Immediate, Guid.CreateVersion7(now), WireCodec.Utc(now), "", "", null,
            WireCodec.Encode(new SuspensionBody { Action = action, Reason = reason.Trim(), Actor = actor }), cancellationToken).ConfigureAwait(false);
        Log.Suspension(logger, link.Id, suspend ? "suspended" : "resumed", actor, reason);
        return await GetAsync(link.Id, cancellationToken).ConfigureAwait(false);
    }
}
