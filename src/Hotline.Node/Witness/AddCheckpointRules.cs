using System.Globalization;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Node.Witness;

// C2SP tlog-witness v1.0.0 §add-checkpoint: the request body and the witness's decision, pure (no clock, no store).
// Provisional: written here until the protocol layer (src/Hotline.Protocol/Witness) offers its own parser and decision.

/// <summary>
/// An add-checkpoint request body: <c>old &lt;size&gt;\n</c>, 0–63 base64 consistency-proof hashes one per line, an
/// empty line, then the checkpoint as a signed note.
/// </summary>
internal sealed record AddCheckpointBody(long OldSize, IReadOnlyList<byte[]> Proof, SignedNote Note, Checkpoint Checkpoint)
{
    /// <summary>The spec's limit on proof lines (a consistency proof of a tree below 2^63 has at most 63 hashes).</summary>
    public const int MaxProofLines = 63;

    /// <summary>Formats a request body (what a log sends).</summary>
    public static string Format(long oldSize, IReadOnlyList<byte[]> proof, string note)
        => $"old {oldSize.ToString(CultureInfo.InvariantCulture)}\n{string.Concat(proof.Select(h => Convert.ToBase64String(h) + "\n"))}\n{note}";

    /// <summary>Parses a request body; the reason comes back in <paramref name="error"/>, never as an exception.</summary>
    public static bool TryParse(string body, out AddCheckpointBody parsed, out string? error)
    {
        parsed = null!;
        var end = body.IndexOf("\n\n", StringComparison.Ordinal);
        if (end < 0)
        {
            error = "the body has no empty line before the checkpoint";
            return false;
        }

        var header = body[..end].Split('\n');
        if (!header[0].StartsWith("old ", StringComparison.Ordinal) || !TryParseSize(header[0][4..], out var oldSize))
        {
            error = "the first line is not 'old <size>' with a decimal size without leading zeros";
            return false;
        }

        if (header.Length - 1 > MaxProofLines)
        {
            error = $"more than {MaxProofLines} consistency proof lines";
            return false;
        }

        var proof = new List<byte[]>(header.Length - 1);
        foreach (var line in header.Skip(1))
        {
            var hash = new byte[MerkleHash.Size];
            if (!Convert.TryFromBase64String(line, hash, out var written) || written != MerkleHash.Size
                || !string.Equals(Convert.ToBase64String(hash), line, StringComparison.Ordinal))
            {
                error = "a consistency proof line is not the base64 of one 32-byte hash";
                return false;
            }

            proof.Add(hash);
        }

        if (!SignedNote.TryParse(body[(end + 2)..], out var note, out error))
        {
            error = "the checkpoint is not a signed note: " + error;
            return false;
        }

        if (!TryParseCheckpoint(note.Text, out var checkpoint, out error))
        {
            return false;
        }

        parsed = new AddCheckpointBody(oldSize, proof, note, checkpoint);
        return true;
    }

    /// <summary>The origin, size and root of a checkpoint text; unlike Hotline's own checkpoints (which have none),
    /// a witness accepts extension lines after the root, and cosigns the text as it is.</summary>
    private static bool TryParseCheckpoint(string text, out Checkpoint checkpoint, out string? error)
    {
        checkpoint = null!;
        var third = -1;
        for (var i = 0; i < 3; i++)
        {
            third = text.IndexOf('\n', third + 1);
            if (third < 0)
            {
                error = "the checkpoint has fewer than three lines";
                return false;
            }
        }

        if (text[(third + 1)..].Split('\n').SkipLast(1).Any(line => line.Length == 0))
        {
            error = "the checkpoint has an empty extension line";
            return false;
        }

        if (!Checkpoint.TryParse(text[..(third + 1)], out checkpoint, out error))
        {
            error = "the checkpoint is malformed: " + error;
            return false;
        }

        return true;
    }

    private static bool TryParseSize(string text, out long size)
    {
        size = 0;
        return text.Length is > 0 and <= 19 && (text.Length == 1 || text[0] != '0') && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }
}

/// <summary>What the witness does with a request, with the HTTP status tlog-witness assigns to it.</summary>
internal enum AddCheckpointOutcome
{
    /// <summary>200: consistent; store it as the latest (unless it is the latest already) and cosign.</summary>
    Cosign,

    /// <summary>400: the body is malformed, or the old size is larger than the checkpoint's.</summary>
    BadRequest,

    /// <summary>404: the witness knows no log of this origin.</summary>
    UnknownOrigin,

    /// <summary>403: no signature by a key the witness trusts for the origin verifies.</summary>
    NotSignedByLog,

    /// <summary>409: the old size is not the size of the latest checkpoint the witness cosigned (body: that size).</summary>
    OldSizeNotLatest,

    /// <summary>422: the consistency proof does not verify, or the checkpoint has the latest's size with another root.
    /// The log signed it, so the request is evidence of misbehaviour and is kept.</summary>
    Inconsistent,
}

/// <summary>The decision on one request, with the latest size for a 409 and a reason for the log.</summary>
internal sealed record AddCheckpointDecision(AddCheckpointOutcome Outcome, string Reason, long LatestSize = 0)
{
    public int StatusCode => Outcome switch
    {
        AddCheckpointOutcome.Cosign => 200,
        AddCheckpointOutcome.BadRequest => 400,
        AddCheckpointOutcome.NotSignedByLog => 403,
        AddCheckpointOutcome.UnknownOrigin => 404,
        AddCheckpointOutcome.OldSizeNotLatest => 409,
        AddCheckpointOutcome.Inconsistent => 422,
        _ => throw new InvalidOperationException($"Unknown outcome {Outcome}."),
    };

    /// <summary>
    /// The checks of tlog-witness in their order: origin known (404), a trusted signature verifies (403), old ≤ new
    /// (400), old = the latest cosigned size, 0 when none (409), then the consistency proof from the latest to the new
    /// checkpoint (422); for equal sizes the roots must be equal (422 — the v1.0.0 text says 409, which a client
    /// would read as "retry from this size" and loop; see docs/witness.md).
    /// </summary>
    public static AddCheckpointDecision Decide(AddCheckpointBody request, IReadOnlyList<NoteKey> trustedKeys, long latestSize, byte[]? latestRoot)
    {
        var checkpoint = request.Checkpoint;
        if (trustedKeys.Count == 0)
        {
            return new(AddCheckpointOutcome.UnknownOrigin, $"unknown origin {checkpoint.Origin}");
        }

        if (!trustedKeys.Any(request.Note.IsSignedBy))
        {
            return new(AddCheckpointOutcome.NotSignedByLog, "no signature by a trusted key of the log verifies");
        }

        if (request.OldSize > checkpoint.Size)
        {
            return new(AddCheckpointOutcome.BadRequest, $"old size {request.OldSize} is larger than the checkpoint's {checkpoint.Size}");
        }

        if (request.OldSize != latestSize)
        {
            return new(AddCheckpointOutcome.OldSizeNotLatest, $"old size {request.OldSize} is not the latest cosigned size {latestSize}", latestSize);
        }

        if (checkpoint.Size == latestSize)
        {
            var expected = latestRoot ?? MerkleHash.EmptyRoot();
            return request.Proof.Count == 0 && checkpoint.Root.AsSpan().SequenceEqual(expected)
                ? new(AddCheckpointOutcome.Cosign, "the latest checkpoint again")
                : new(AddCheckpointOutcome.Inconsistent, $"another root (or a proof) for the latest size {latestSize}");
        }

        if (latestSize == 0)
        {
            return request.Proof.Count == 0
                ? new(AddCheckpointOutcome.Cosign, "the first checkpoint of the log")
                : new(AddCheckpointOutcome.Inconsistent, "a consistency proof from size 0 must be empty");
        }

        return MerkleProofs.VerifyConsistency(latestSize, checkpoint.Size, request.Proof, latestRoot, checkpoint.Root)
            ? new(AddCheckpointOutcome.Cosign, $"consistent with size {latestSize}")
            : new(AddCheckpointOutcome.Inconsistent, $"the consistency proof from size {latestSize} does not verify");
    }
}
