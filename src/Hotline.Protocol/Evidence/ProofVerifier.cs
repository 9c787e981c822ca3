using System.Text;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Witness;

namespace Hotline.Protocol.Evidence;

/// <summary>What a verified proof of one envelope says.</summary>
public sealed record VerifiedEnvelope(Envelope Envelope, string Sender, long Index, long Size, IReadOnlyList<VerifiedCosignature> Cosignatures);

/// <summary>
/// Verifies a proof of one envelope (<c>hotline evidence prove</c>, docs/evidence.md): a C2SP tlog-proof whose
/// <c>extra</c> line is the envelope itself. The envelope must hash into the signed root at its index, the log's
/// signature and at least one cosignature (the receipt) must verify with the given keys, and the envelope must name
/// the origin's link, the log key as sender and its index as sequence.
/// </summary>
public static class ProofVerifier
{
    public static bool TryVerify(ReadOnlySpan<byte> proofFile, IReadOnlyCollection<NoteKey> keys, out VerifiedEnvelope? verified, out string? error)
    {
        ArgumentNullException.ThrowIfNull(keys);
        verified = null;
        if (!TlogProof.TryParse(proofFile, out var proof, out error))
        {
            return false;
        }

        if (proof!.Extra is not { Length: > 0 } entry)
        {
            error = "the proof carries no envelope (its extra line is missing)";
            return false;
        }

        if (!proof.TryVerifyEntry(entry, keys, requiredCosignatures: 1, out var cosignatures, out error))
        {
            return false;
        }

        if (!TranscriptOrigin.TryParse(proof.Checkpoint.Origin, out var linkId, out var sender))
        {
            error = $"the origin '{proof.Checkpoint.Origin}' is not a Hotline transcript";
            return false;
        }

        var logKey = keys.First(k => k.Type == NoteKey.Ed25519Type && k.Name == proof.Checkpoint.Origin);
        if (!Envelope.TryDecode(entry, out var envelope, out var envelopeError))
        {
            error = $"the entry is not an envelope: {envelopeError}";
            return false;
        }

        if (envelope.LinkId != linkId || !envelope.Sender.AsSpan().SequenceEqual(logKey.PublicKey) || envelope.Sequence != proof.Index)
        {
            error = $"envelope {envelope.EnvelopeId} does not belong at index {proof.Index} of {proof.Checkpoint.Origin}";
            return false;
        }

        verified = new VerifiedEnvelope(envelope, sender, proof.Index, proof.Checkpoint.Size, cosignatures);
        return true;
    }

    /// <summary>Reads a verifiers file: one C2SP verifier key per line.</summary>
    public static bool TryReadKeys(ReadOnlySpan<byte> file, out List<NoteKey> keys, out string? error)
    {
        keys = [];
        foreach (var line in Encoding.UTF8.GetString(file).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!NoteKey.TryParseVerifierKey(line, out var key, out var keyError))
            {
                error = $"'{line}' is not a verifier key: {keyError}";
                return false;
            }

            keys.Add(key);
        }

        error = null;
        return true;
    }
}
