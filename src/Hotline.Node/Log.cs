using Microsoft.Extensions.Logging;

namespace Hotline.Node;

/// <summary>Structured log messages. Event ids: 1xx federation inbound, 2xx relay, 3xx pairing, 4xx operator API.
/// Never log bodies, keys or tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Warning, "Refused batch on link {LinkId} at {Start}: {Reason} ({Detail})")]
    public static partial void BatchRefused(ILogger logger, Guid linkId, long start, string reason, string detail);

    [LoggerMessage(101, LogLevel.Debug, "Stored {Count} envelopes on link {LinkId}, transcript size {CheckpointSize}")]
    public static partial void BatchStored(ILogger logger, Guid linkId, int count, long checkpointSize);

    [LoggerMessage(102, LogLevel.Information, "Gap on link {LinkId}: batch starts at {Start}, we hold {ExpectedSize}; asked for a resend")]
    public static partial void BatchGap(ILogger logger, Guid linkId, long start, long expectedSize);

    [LoggerMessage(103, LogLevel.Warning, "Federation request for unknown link {LinkId} refused")]
    public static partial void UnknownLink(ILogger logger, Guid linkId);

    [LoggerMessage(200, LogLevel.Information, "Peer of link {LinkId} unreachable (attempt {Attempt}), retrying in {DelayMs} ms: {Error}")]
    public static partial void PeerUnreachable(ILogger logger, Guid linkId, int attempt, long delayMs, string error);

    [LoggerMessage(201, LogLevel.Information, "Link {LinkId} reachable again after {Attempt} failed attempts")]
    public static partial void PeerBack(ILogger logger, Guid linkId, int attempt);

    [LoggerMessage(202, LogLevel.Error, "Peer refused our batch on link {LinkId}: {Reason} ({Detail})")]
    public static partial void PeerRefused(ILogger logger, Guid linkId, string reason, string detail);

    [LoggerMessage(203, LogLevel.Error, "Invalid receipt from the peer of link {LinkId}: {Detail}")]
    public static partial void BadReceipt(ILogger logger, Guid linkId, string detail);

    [LoggerMessage(204, LogLevel.Debug, "Receipt on link {LinkId} for size {CheckpointSize}")]
    public static partial void ReceiptStored(ILogger logger, Guid linkId, long checkpointSize);

    [LoggerMessage(205, LogLevel.Error, "Relay of link {LinkId} failed unexpectedly; retrying")]
    public static partial void RelayFailed(ILogger logger, Guid linkId, Exception exception);

    [LoggerMessage(300, LogLevel.Information, "Paired with {Peer} as link {LinkId}")]
    public static partial void Paired(ILogger logger, string peer, Guid linkId);

    [LoggerMessage(301, LogLevel.Warning, "Pairing refused: {Reason}")]
    public static partial void PairingRefused(ILogger logger, string reason);

    [LoggerMessage(400, LogLevel.Information, "Node {Name} listening on {Url}")]
    public static partial void Listening(ILogger logger, string name, string url);

    [LoggerMessage(500, LogLevel.Warning, "Envelope {EnvelopeId} on link {LinkId} is kept in the transcript but changes nothing: {Detail}")]
    public static partial void RecordUnreadable(ILogger logger, Guid linkId, Guid envelopeId, string detail);

    [LoggerMessage(501, LogLevel.Information, "Contact request {RequestId}: {Action} by the {Side} ({Actor}) → {State}")]
    public static partial void ContactAction(ILogger logger, Guid requestId, string action, string side, string actor, string state);

    [LoggerMessage(502, LogLevel.Information, "Directory version {Version} imported by {Actor}; shared with {Links} link(s)")]
    public static partial void DirectoryImported(ILogger logger, long version, string actor, int links);

    [LoggerMessage(503, LogLevel.Warning, "Escalation step {Step} for contact request {RequestId}: notifying {Recipients}")]
    public static partial void EscalationStep(ILogger logger, Guid requestId, int step, string recipients);

    [LoggerMessage(504, LogLevel.Warning, "Webhook {Url} failed for notification {NotificationId}: {Detail}")]
    public static partial void WebhookFailed(ILogger logger, string url, long notificationId, string detail);

    [LoggerMessage(505, LogLevel.Warning, "Link {LinkId} {Action} by {Actor}: {Reason}")]
    public static partial void Suspension(ILogger logger, Guid linkId, string action, string actor, string reason);

    [LoggerMessage(506, LogLevel.Error, "The deadline monitor failed; retrying")]
    public static partial void MonitorFailed(ILogger logger, Exception exception);

    [LoggerMessage(600, LogLevel.Critical, "Proof of misbehaviour on link {LinkId} ({Kind}): {Detail}")]
    public static partial void Misbehaviour(ILogger logger, Guid linkId, string kind, string detail);

    [LoggerMessage(601, LogLevel.Warning, "Could not read the peer's tiles of link {LinkId} to check a disagreeing checkpoint: {Detail}")]
    public static partial void ServedTreeUnchecked(ILogger logger, Guid linkId, string detail);

    [LoggerMessage(507, LogLevel.Warning, "The directory was not shared with a new link (it will be on the next start): {Detail}")]
    public static partial void DirectoryNotShared(ILogger logger, string detail);
}
