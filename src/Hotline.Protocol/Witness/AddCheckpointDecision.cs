using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Witness;

/// <summary>What a witness answers to add-checkpoint (C2SP tlog-witness v1.0.0); the value is the HTTP status.</summary>
public enum AddCheckpointOutcome
{
    /// <summary>200: consistent with the latest cosigned checkpoint; cosign it (after storing it, if it is new).</summary>
    Cosign = 200,

    /// <summary>400: the old size is larger than the checkpoint's (a malformed body is refused by the parser).</summary>
    BadRequest = 400,

    /// <summary>403: no signature by a key the witness trusts for the origin verifies.</summary>
    Forbidden = 403,

    /// <summary>404: the witness knows no log with this origin.</summary>
    UnknownLog = 404,

    /// <summary>409: the old size is not the size of the latest cosigned checkpoint; the body is that size
    /// (<see cref="AddCheckpointResponse.FormatSize"/>, content type <see cref="AddCheckpointResponse.SizeContentType"/>).</summary>
    Conflict = 409,

    /// <summary>422: the consistency proof does not verify, or the checkpoint has the latest's size and another root.
    /// The log signed it, so the request is evidence of misbehaviour worth keeping.</summary>
    BadProof = 422,
}

/// <summary>
/// A witness's decision on one add-checkpoint request, decided purely from the request, the log's keys and the latest
/// checkpoint the witness cosigned for the origin: the server only loads those, and stores and signs afterwards.
/// </summary>
/// <param name="Outcome">The answer, whose value is the HTTP status.</param>
/// <param name="Reason">One line saying why, for the response body of a refusal and for the log.</param>
/// <param name="LatestSize">The size of the latest cosigned checkpoint (0 for none): the body of a 409.</param>
/// <param name="IsNewLatest">For <see cref="AddCheckpointOutcome.Cosign"/>: the checkpoint is not the stored latest
/// one, so the witness must store it as the latest — atomically, only if the latest is still the one decided
/// against — before it answers (tlog-witness: otherwise a concurrent request could roll the witness back).</param>
public sealed record AddCheckpointDecision(AddCheckpointOutcome Outcome, string Reason, long LatestSize, bool IsNewLatest = false)
{
    public int StatusCode => (int)Outcome;

    /// <summary>
    /// The checks of tlog-witness v1.0.0 in its order: the origin is known (404), a signature by one of
    /// <paramref name="logKeys"/> verifies (403), old ≤ new (400), old = the latest cosigned size, 0 for none (409),
    /// then consistency (422): a proof from size 0 or between equal sizes is empty, equal sizes have equal roots, and
    /// otherwise the RFC 6962 proof leads from the latest root to the new one.
    /// </summary>
    /// <param name="request">The parsed request.</param>
    /// <param name="logKeys">The Ed25519 (type 0x01) keys the witness trusts for the checkpoint's origin; none means
    /// the origin is unknown.</param>
    /// <param name="latest">The latest checkpoint the witness cosigned for the origin, or null if it never did.</param>
    /// <remarks>
    /// One deviation from the v1.0.0 text, on purpose: a checkpoint of the latest size with another root is answered
    /// 422, not 409. A 409 tells the log "your old size is stale, retry from this one", and here the size it would
    /// retry from is the one it sent, so a client following the spec would loop. 422 ("the proof does not hold") is
    /// also what litewitness answers (its x/mod CheckTree fails for equal sizes with different roots).
    /// </remarks>
    public static AddCheckpointDecision Decide(AddCheckpointRequest request, IReadOnlyCollection<NoteKey> logKeys, Checkpoint? latest)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(logKeys);
        var checkpoint = request.Checkpoint;
        if (logKeys.Any(key => key.Type != NoteKey.Ed25519Type))
        {
            throw new ArgumentException("A log's checkpoint keys are Ed25519 note keys (type 0x01).", nameof(logKeys));
        }

        if (latest is not null && !string.Equals(latest.Origin, checkpoint.Origin, StringComparison.Ordinal))
        {
            throw new ArgumentException("The latest checkpoint is of another origin.", nameof(latest));
        }

        var latestSize = latest?.Size ?? 0;
        if (logKeys.Count == 0)
        {
            return new(AddCheckpointOutcome.UnknownLog, $"the witness knows no log with origin {checkpoint.Origin}", latestSize);
        }

        if (!logKeys.Any(request.Note.IsSignedBy))
        {
            return new(AddCheckpointOutcome.Forbidden, $"no signature by a key the witness trusts for {checkpoint.Origin} verifies", latestSize);
        }

        if (request.OldSize > checkpoint.Size)
        {
            return new(AddCheckpointOutcome.BadRequest, $"the old size {request.OldSize} is larger than the checkpoint's size {checkpoint.Size}", latestSize);
        }

        if (request.OldSize != latestSize)
        {
            return new(AddCheckpointOutcome.Conflict, $"the old size {request.OldSize} is not the size of the latest cosigned checkpoint, {latestSize}", latestSize);
        }

        if (request.OldSize == checkpoint.Size || request.OldSize == 0)
        {
            if (request.ConsistencyProof.Count != 0)
            {
                return new(AddCheckpointOutcome.BadProof, $"a consistency proof from size {request.OldSize} to {checkpoint.Size} is empty, this one has {request.ConsistencyProof.Count} hashes", latestSize);
            }

            if (latest is not null && checkpoint.Size == latestSize && !checkpoint.Root.AsSpan().SequenceEqual(latest.Root))
            {
                return new(AddCheckpointOutcome.BadProof, $"the checkpoint has the size of the latest cosigned checkpoint, {latestSize}, and another root", latestSize);
            }

            var isNew = latest is null || checkpoint.Size != latestSize;
            return new(AddCheckpointOutcome.Cosign, isNew ? $"the first checkpoint of {checkpoint.Origin}" : "the latest cosigned checkpoint again", latestSize, isNew);
        }

        return MerkleProofs.VerifyConsistency(latestSize, checkpoint.Size, request.ConsistencyProof, latest!.Root, checkpoint.Root)
            ? new(AddCheckpointOutcome.Cosign, $"consistent with the latest cosigned checkpoint, {latestSize}", latestSize, IsNewLatest: true)
            : new(AddCheckpointOutcome.BadProof, $"the consistency proof from size {latestSize} to {checkpoint.Size} does not verify", latestSize);
    }
}
