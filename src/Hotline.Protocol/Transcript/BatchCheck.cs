using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;

namespace Hotline.Protocol.Transcript;

/// <summary>Why a batch was refused. Closed list: the federation endpoint maps each to an answer for the peer.</summary>
public enum BatchRejection
{
    MalformedCheckpoint,
    BadCheckpointSignature,
    WrongOrigin,
    CheckpointDoesNotCoverBatch,
    MalformedEnvelope,
    WrongLink,
    WrongSender,
    WrongSequence,
    ConflictingEntry,
    RootMismatch,
}

/// <summary>What the receiver does with a batch: append it, answer with the receipt it already has, or ask for a resend.</summary>
public abstract record BatchDecision
{
    /// <summary>New envelopes that continue the log exactly and produce the signed root: store them, then cosign.</summary>
    public sealed record Append(SignedNote Note, Checkpoint Checkpoint, IReadOnlyList<Envelope> Envelopes, IReadOnlyList<byte[]> Entries, IReadOnlyList<byte[]> LeafHashes, MerkleFrontier Frontier) : BatchDecision;

    /// <summary>Everything in the batch is already stored (a resend): answer with the stored receipt.</summary>
    public sealed record Duplicate(Checkpoint Checkpoint) : BatchDecision;

    /// <summary>The batch starts after the end of the receiver's copy: ask for a resend from <paramref name="ExpectedSize"/>.</summary>
    public sealed record Gap(long ExpectedSize) : BatchDecision;

    public sealed record Reject(BatchRejection Reason, string Detail) : BatchDecision;
}

/// <summary>
/// The receiver's pure check of a batch (docs/protocol.md §Batch): checkpoint signature by the pinned sender key under
/// the transcript's origin, entries that start at or before the local size and end exactly at the checkpoint's size,
/// each a well-formed envelope of this link and sender whose sequence is its index, overlapping entries identical to
/// the stored ones, and the root computed over the new entries equal to the signed root.
/// </summary>
public static class BatchCheck
{
    /// <param name="storedOverlap">Leaf hashes stored for indexes [start, min(end, local size)).</param>
    public static BatchDecision Decide(
        Guid linkId,
        string origin,
        NoteKey senderLogKey,
        MerkleFrontier local,
        long start,
        IReadOnlyList<byte[]> entries,
        string checkpointNote,
        IReadOnlyList<byte[]> storedOverlap)
    {
        if (!SignedNote.TryParse(checkpointNote, out var note, out var error) || !Checkpoint.TryParse(note.Text, out var checkpoint, out error))
        {
            return new BatchDecision.Reject(BatchRejection.MalformedCheckpoint, error!);
        }

        if (!string.Equals(checkpoint.Origin, origin, StringComparison.Ordinal))
        {
            return new BatchDecision.Reject(BatchRejection.WrongOrigin, $"the checkpoint is for '{checkpoint.Origin}', expected '{origin}'");
        }

        if (!note.IsSignedBy(senderLogKey))
        {
            return new BatchDecision.Reject(BatchRejection.BadCheckpointSignature, "the checkpoint carries no valid signature by the sender's pinned key");
        }

        // Subtract rather than add: start comes from the peer, and start + entries.Count could overflow.
        if (start < 0 || start > checkpoint.Size || checkpoint.Size - start != entries.Count)
        {
            return new BatchDecision.Reject(BatchRejection.CheckpointDoesNotCoverBatch, $"{entries.Count} entries from index {start} do not end at the checkpoint size {checkpoint.Size}");
        }

        if (checkpoint.Size == 0)
        {
            // Nothing is ever receipted at size 0: there is no batch to acknowledge.
            return new BatchDecision.Reject(BatchRejection.CheckpointDoesNotCoverBatch, "a batch must end at a checkpoint of at least one entry");
        }

        if (start > local.Size)
        {
            return new BatchDecision.Gap(local.Size);
        }

        var envelopes = new List<Envelope>(entries.Count);
        var leafHashes = new List<byte[]>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var sequence = start + i;
            if (!Envelope.TryDecode(entries[i], out var envelope, out error))
            {
                return new BatchDecision.Reject(BatchRejection.MalformedEnvelope, $"entry {sequence}: {error}");
            }

            if (envelope.LinkId != linkId)
            {
                return new BatchDecision.Reject(BatchRejection.WrongLink, $"entry {sequence} names link {envelope.LinkId}, not {linkId}");
            }

            if (!envelope.Sender.AsSpan().SequenceEqual(senderLogKey.PublicKey))
            {
                return new BatchDecision.Reject(BatchRejection.WrongSender, $"entry {sequence} names another sender");
            }

            if (envelope.Sequence != sequence)
            {
                return new BatchDecision.Reject(BatchRejection.WrongSequence, $"entry at index {sequence} carries sequence {envelope.Sequence}");
            }

            var leaf = MerkleHash.Leaf(entries[i]);
            if (sequence < local.Size && !leaf.AsSpan().SequenceEqual(storedOverlap[i]))
            {
                return new BatchDecision.Reject(BatchRejection.ConflictingEntry, $"entry {sequence} differs from the one already received");
            }

            envelopes.Add(envelope);
            leafHashes.Add(leaf);
        }

        if (checkpoint.Size <= local.Size)
        {
            // A resend. At the local size the signed root must be ours: two signed roots for one size are a fork.
            // (For smaller sizes the caller compares with the checkpoint it stored for that size.)
            if (checkpoint.Size == local.Size && !local.Root().AsSpan().SequenceEqual(checkpoint.Root))
            {
                return new BatchDecision.Reject(BatchRejection.RootMismatch, $"the signed root for size {checkpoint.Size} differs from the one already received");
            }

            return new BatchDecision.Duplicate(checkpoint);
        }

        var skip = (int)(local.Size - start);
        var frontier = local.Clone();
        for (var i = skip; i < leafHashes.Count; i++)
        {
            frontier.Append(leafHashes[i]);
        }

        if (!frontier.Root().AsSpan().SequenceEqual(checkpoint.Root))
        {
            return new BatchDecision.Reject(BatchRejection.RootMismatch, $"the root of the entries does not match the signed checkpoint of size {checkpoint.Size}");
        }

        return new BatchDecision.Append(note, checkpoint, envelopes[skip..], entries.Skip(skip).ToList(), leafHashes[skip..], frontier);
    }
}
