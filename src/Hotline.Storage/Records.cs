using Hotline.Protocol;

namespace Hotline.Storage;

/// <summary>The node's public identity, kept in the database (private keys live in the owner-only key file).</summary>
public sealed record NodeIdentity(string Name, byte[] SigningPublicKey, byte[] AgreementPublicKey, string ListenUrl, DateTimeOffset CreatedAt);

/// <summary>An issued invitation: only a hash of its secret is stored.</summary>
public sealed record InvitationRecord(Guid Id, byte[] SecretHash, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public enum InvitationClaim
{
    Claimed,
    Unknown,
    WrongSecret,
    Expired,
    AlreadyUsed,
}

/// <summary>A paired link as this node sees it: the peer's pinned keys and where to reach it.</summary>
public sealed record LinkRecord(
    Guid Id,
    string PeerName,
    byte[] PeerSigningKey,
    byte[] PeerAgreementKey,
    IReadOnlyList<string> PeerEndpoints,
    string SafetyNumber,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastContactAt);

/// <summary>A message accepted from an operator, sealed, waiting for the relay to sequence it.</summary>
public sealed record OutboxItem(
    Guid EnvelopeId,
    Guid LinkId,
    Precedence Precedence,
    ushort Type,
    DateTimeOffset CreatedAt,
    string From,
    string To,
    byte[] SealedBody);

/// <summary>An outbox item as listed to operators.</summary>
public sealed record OutboxEntry(
    Guid EnvelopeId,
    Guid LinkId,
    long? Sequence,
    Precedence Precedence,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? DeliveredAt);

public enum LogDirection
{
    Outbound = 0,
    Inbound = 1,
}

/// <summary>One transcript entry: the exact envelope bytes at a sequence number.</summary>
public sealed record LogEntry(Guid LinkId, long Sequence, Guid EnvelopeId, byte[] Entry, DateTimeOffset StoredAt);

/// <summary>A checkpoint the sender signed (a signed note) for a size of one transcript.</summary>
public sealed record StoredCheckpoint(long Size, string Note);

/// <summary>A receipt: the receiver's cosignature line on the sender's checkpoint of <paramref name="Size"/>.</summary>
public sealed record StoredReceipt(long Size, string Note, string Cosignature);

/// <summary>Envelopes sequenced by the relay, with the checkpoint that covers them, written in one transaction.</summary>
public sealed record SequencedBatch(
    Guid LinkId,
    long Start,
    IReadOnlyList<(Guid EnvelopeId, byte[] Entry, byte[] LeafHash)> Entries,
    byte[] Frontier,
    string CheckpointNote,
    DateTimeOffset SentAt);

/// <summary>A verified batch from the peer with this node's cosignature on it, written in one transaction.</summary>
public sealed record ReceivedBatch(
    Guid LinkId,
    long Start,
    IReadOnlyList<(Guid EnvelopeId, byte[] Entry, byte[] LeafHash)> Entries,
    byte[] Frontier,
    string CheckpointNote,
    string Cosignature,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The hotline records among the entries (typed envelopes whose bodies the node opened), stored with them.</summary>
    public IReadOnlyList<HotlineRecord> Records { get; init; } = [];
}

/// <summary>Per-link counters shown in status and links.</summary>
public sealed record LinkBacklog(Guid LinkId, long Undelivered, DateTimeOffset? OldestUndeliveredAt);

/// <summary>
/// A hotline record: the plaintext body of a typed envelope (contact request, action, directory, suspension) of
/// either direction, kept beside the transcript so the node can replay state without decrypting. <paramref name="Subject"/>
/// is the contact request a request or action envelope is about; <paramref name="Sequence"/> the inbound index.
/// </summary>
public sealed record HotlineRecord(
    Guid EnvelopeId,
    Guid LinkId,
    LogDirection Direction,
    ushort Type,
    DateTimeOffset CreatedAt,
    Guid? Subject,
    long? Sequence,
    byte[] Body);

/// <summary>A record with, for an opening of a contact request, the first receipt that covers its envelope (the
/// cosignature line), from which both nodes read the same delivery time.</summary>
public sealed record HotlineRecordWithReceipt(HotlineRecord Record, string? DeliveryReceipt);

/// <summary>Our party's directory document as last imported, with its version.</summary>
public sealed record OwnDirectory(long Version, byte[] Document, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>An escalation step taken for a request received.</summary>
public sealed record EscalationStepTaken(Guid Request, int Step, DateTimeOffset DueAt, DateTimeOffset TakenAt);

/// <summary>A notification raised by the node (escalation step, overdue, suspension, …), shown on the console.</summary>
public sealed record NotificationRecord(long Id, DateTimeOffset At, string Kind, Guid? LinkId, Guid? Subject, string Recipients, string Text);

/// <summary>
/// A proof of misbehaviour by the sender of a log: <paramref name="FirstNote"/> and <paramref name="SecondNote"/> are
/// two checkpoints it signed that cannot both be true (a fork: one size, two roots; or a rewritten history).
/// </summary>
public sealed record MisbehaviourRecord(long Id, Guid LinkId, LogDirection Direction, DateTimeOffset DetectedAt, string Kind, string FirstNote, string SecondNote, string Detail);

/// <summary>A witness's cosignature line (tlog-cosignature v1, verified with its configured key) on our checkpoint of
/// <paramref name="Size"/>; <paramref name="Witness"/> is its name.</summary>
public sealed record WitnessCosignatureRecord(string Witness, long Size, string Cosignature, DateTimeOffset StoredAt);
