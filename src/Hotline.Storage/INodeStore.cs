using Hotline.Protocol;

namespace Hotline.Storage;

/// <summary>
/// Everything a node keeps, as need-shaped operations; each write is one database transaction. SQLite is the embedded
/// default (<see cref="Sqlite.SqliteNodeStore"/>); PostgreSQL comes later behind the same interface.
/// </summary>
public interface INodeStore : IAsyncDisposable
{
    Task<NodeIdentity> GetIdentityAsync(CancellationToken cancellationToken);

    Task CreateInvitationAsync(InvitationRecord invitation, CancellationToken cancellationToken);

    /// <summary>Atomically checks and consumes an invitation, then creates the link it led to (or changes nothing).</summary>
    Task<InvitationClaim> ClaimInvitationAsync(Guid invitationId, byte[] secretHash, DateTimeOffset now, LinkRecord link, CancellationToken cancellationToken);

    Task CreateLinkAsync(LinkRecord link, CancellationToken cancellationToken);

    Task<IReadOnlyList<LinkRecord>> GetLinksAsync(CancellationToken cancellationToken);

    /// <summary>A link by id (any unambiguous form of the GUID) or by the peer node's name.</summary>
    Task<LinkRecord?> FindLinkAsync(string idOrPeerName, CancellationToken cancellationToken);

    Task TouchLinkAsync(Guid linkId, DateTimeOffset at, CancellationToken cancellationToken);

    Task AppendToOutboxAsync(IReadOnlyList<OutboxItem> items, DateTimeOffset submittedAt, CancellationToken cancellationToken);

    /// <summary>Queued items of a link, highest precedence first, then in submit order.</summary>
    Task<IReadOnlyList<OutboxItem>> ClaimReadyAsync(Guid linkId, int max, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(Guid? linkId, long offset, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<LinkBacklog>> GetBacklogsAsync(CancellationToken cancellationToken);

    /// <summary>The transcript's frontier (serialized <c>MerkleFrontier</c>); empty tree when nothing was stored.</summary>
    Task<byte[]?> GetFrontierAsync(Guid linkId, LogDirection direction, CancellationToken cancellationToken);

    Task<IReadOnlyList<byte[]>> GetLeafHashesAsync(Guid linkId, LogDirection direction, long start, long endExclusive, CancellationToken cancellationToken);

    Task<IReadOnlyList<LogEntry>> GetEntriesAsync(Guid linkId, LogDirection direction, long start, long endExclusive, CancellationToken cancellationToken);

    /// <summary>Inbound messages (envelopes of type message; hotline records are read as records) of one or all links
    /// with sequence &gt; <paramref name="after"/>, by link then sequence.</summary>
    Task<IReadOnlyList<LogEntry>> GetInboxAsync(Guid? linkId, long after, int limit, CancellationToken cancellationToken);

    /// <summary>Appends sequenced envelopes, marks their outbox items sent and stores the signed checkpoint.</summary>
    /// <exception cref="TranscriptConflictException">The outbound transcript no longer ends at <c>Start</c>.</exception>
    Task StoreSentBatchAsync(SequencedBatch batch, CancellationToken cancellationToken);

    /// <summary>The stored checkpoint of exactly <paramref name="size"/>, if any.</summary>
    Task<StoredCheckpoint?> GetCheckpointAsync(Guid linkId, LogDirection direction, long size, CancellationToken cancellationToken);

    /// <summary>The smallest stored checkpoint larger than <paramref name="size"/> (what to resend after it).</summary>
    Task<StoredCheckpoint?> GetNextCheckpointAsync(Guid linkId, LogDirection direction, long size, CancellationToken cancellationToken);

    Task<StoredReceipt?> GetLatestReceiptAsync(Guid linkId, LogDirection direction, CancellationToken cancellationToken);

    /// <summary>Stores the peer's receipt for our transcript and marks every envelope below its size delivered.</summary>
    Task StoreReceiptAsync(Guid linkId, StoredReceipt receipt, DateTimeOffset storedAt, CancellationToken cancellationToken);

    /// <summary>Appends a verified inbound batch with our cosignature on it.</summary>
    /// <exception cref="TranscriptConflictException">The inbound transcript no longer ends at <c>Start</c>.</exception>
    Task StoreReceivedBatchAsync(ReceivedBatch batch, CancellationToken cancellationToken);

    /// <summary>Queues one typed envelope and keeps its plaintext record, in one transaction, so what an operator did
    /// is on record exactly when it is queued.</summary>
    Task AppendRecordAsync(OutboxItem item, HotlineRecord record, DateTimeOffset submittedAt, CancellationToken cancellationToken);

    /// <summary>Records of the given types, of one link or all, oldest first; openings of contact requests come with
    /// the first receipt that covers them.</summary>
    Task<IReadOnlyList<HotlineRecordWithReceipt>> GetRecordsAsync(Guid? linkId, IReadOnlyList<ushort> types, CancellationToken cancellationToken);

    /// <summary>The opening and actions of one contact request (by its id, or an unambiguous start or end of its hex).</summary>
    Task<IReadOnlyList<HotlineRecordWithReceipt>> GetSubjectRecordsAsync(string subjectIdOrPrefix, CancellationToken cancellationToken);

    Task<OwnDirectory?> GetOwnDirectoryAsync(CancellationToken cancellationToken);

    /// <summary>Stores our directory document (its version must be greater than the stored one).</summary>
    Task SaveOwnDirectoryAsync(OwnDirectory directory, CancellationToken cancellationToken);

    Task<IReadOnlyList<EscalationStepTaken>> GetEscalationStepsAsync(CancellationToken cancellationToken);

    /// <summary>Records an escalation step with its notification, once: returns the notification's id, or 0 when the
    /// step was already taken.</summary>
    Task<long> RecordEscalationStepAsync(EscalationStepTaken taken, NotificationRecord notification, CancellationToken cancellationToken);

    /// <summary>Adds a notification; with <paramref name="onceKey"/>, only the first one with that key (returns 0 for a
    /// repeat), so a node restarted mid-deadline does not raise the same alarm twice.</summary>
    Task<long> AddNotificationAsync(NotificationRecord notification, string? onceKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<NotificationRecord>> GetNotificationsAsync(long after, int limit, CancellationToken cancellationToken);

    /// <summary>Keeps a proof of misbehaviour (two signed checkpoints of one log that cannot both be true) with the
    /// alarm it raised, in one transaction, once per <paramref name="onceKey"/> (a peer retries what was refused);
    /// returns the notification's id, or 0 when this proof was already kept.</summary>
    Task<long> RecordMisbehaviourAsync(MisbehaviourRecord misbehaviour, NotificationRecord alarm, string onceKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<MisbehaviourRecord>> GetMisbehaviourAsync(Guid? linkId, CancellationToken cancellationToken);

    // ---- witnesses' cosignatures on our checkpoints (docs/witness.md) ----

    /// <summary>Keeps a witness's verified cosignature line on our checkpoint of <c>cosignature.Size</c>, once per
    /// witness and size (a repeat keeps the first).</summary>
    Task StoreWitnessCosignatureAsync(Guid linkId, LogDirection direction, WitnessCosignatureRecord cosignature, CancellationToken cancellationToken);

    /// <summary>Per witness, its cosignature on the largest checkpoint of the transcript it cosigned.</summary>
    Task<IReadOnlyList<WitnessCosignatureRecord>> GetLatestWitnessCosignaturesAsync(Guid linkId, LogDirection direction, CancellationToken cancellationToken);

    /// <summary>The witnesses' cosignatures on the checkpoint of exactly <paramref name="size"/>.</summary>
    Task<IReadOnlyList<WitnessCosignatureRecord>> GetWitnessCosignaturesAsync(Guid linkId, LogDirection direction, long size, CancellationToken cancellationToken);

    /// <summary>The transcript entry of one envelope, in whichever link and direction it is (a scan: evidence work, not
    /// the send path).</summary>
    Task<(Guid LinkId, LogDirection Direction, LogEntry Entry)?> FindEntryAsync(Guid envelopeId, CancellationToken cancellationToken);
}
