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
    DateTimeOffset ReceivedAt);

/// <summary>Per-link counters shown in status and links.</summary>
public sealed record LinkBacklog(Guid LinkId, long Undelivered, DateTimeOffset? OldestUndeliveredAt);
