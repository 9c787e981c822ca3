using System.Globalization;
using System.Text;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Tiles;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Witness;

/// <summary>A cosignature that verified, by a witness key the verifier trusts.</summary>
public sealed record VerifiedCosignature(NoteKey Key, ulong Timestamp);

/// <summary>
/// C2SP tlog-proof v1 (<c>c2sp.org/tlog-proof@v1</c>): an offline proof that an entry is in a log, as seen by
/// witnesses. Lines, each ending in <c>\n</c>: the header <c>c2sp.org/tlog-proof@v1</c>; optionally
/// <c>extra &lt;base64&gt;</c> (opaque, unauthenticated application data); <c>index &lt;n&gt;</c> (0-based, decimal
/// without leading zeros); the RFC 6962 inclusion proof, one base64 hash per line from the leaf's sibling up to the
/// root's child; an empty line; then the checkpoint verbatim as a signed note with the log's signature and any
/// witnesses' cosignatures. Files conventionally end in <c>.tlog-proof</c>.
/// </summary>
public sealed class TlogProof
{
    /// <summary>The first line.</summary>
    public const string Header = "c2sp.org/tlog-proof@v1";

    /// <summary>A proof longer than this is refused: a signed note of at most 65,536 characters, 63 hashes and extra data.</summary>
    public const int MaxLength = SignedNote.MaxSize + (64 * 1024);

    private TlogProof(long index, IReadOnlyList<byte[]> inclusionProof, byte[]? extra, string checkpointNote, SignedNote note, Checkpoint checkpoint)
    {
        Index = index;
        InclusionProof = inclusionProof;
        Extra = extra;
        CheckpointNote = checkpointNote;
        Note = note;
        Checkpoint = checkpoint;
    }

    /// <summary>The entry's index in the log.</summary>
    public long Index { get; }

    /// <summary>The inclusion proof of the entry in the checkpoint's tree, deepest first.</summary>
    public IReadOnlyList<byte[]> InclusionProof { get; }

    /// <summary>The extra data, or null when the line is absent. Not authenticated: never trust it implicitly.</summary>
    public byte[]? Extra { get; }

    /// <summary>The signed note exactly as it came.</summary>
    public string CheckpointNote { get; }

    public SignedNote Note { get; }

    /// <summary>The origin, size and root of the note's first three lines.</summary>
    public Checkpoint Checkpoint { get; }

    /// <summary>Writes a proof file. Misuse (a negative index, a hash not of 32 bytes, more than 63) throws; empty
    /// <paramref name="extra"/> writes no extra line.</summary>
    public static string Format(long index, IReadOnlyList<byte[]> inclusionProof, string checkpointNote, byte[]? extra = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(inclusionProof);
        ArgumentNullException.ThrowIfNull(checkpointNote);
        var text = new StringBuilder(Header).Append('\n');
        if (extra is { Length: > 0 })
        {
            text.Append("extra ").Append(Convert.ToBase64String(extra)).Append('\n');
        }

        text.Append("index ").Append(index.ToString(CultureInfo.InvariantCulture)).Append('\n');
        ProofLines.AppendHashes(text, inclusionProof);
        return text.Append('\n').Append(checkpointNote).ToString();
    }

    /// <summary>This proof's file: the text it was parsed from, when that was canonical.</summary>
    public string Format() => Format(Index, InclusionProof, CheckpointNote, Extra);

    /// <summary>Parses a proof file (UTF-8). Never throws on hostile input: the reason comes back in <paramref name="error"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> file, out TlogProof? proof, out string? error)
    {
        proof = null;
        return ProofLines.TryDecode(file, MaxLength, "the proof", out var text, out error) && TryParse(text, out proof, out error);
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, out TlogProof?, out string?)"/>
    public static bool TryParse(string text, out TlogProof? proof, out string? error)
    {
        proof = null;
        if (!ProofLines.TrySplit(text, MaxLength, "the proof", out var header, out var noteText, out error))
        {
            return false;
        }

        if (!string.Equals(header[0], Header, StringComparison.Ordinal))
        {
            error = $"line 1 is not '{Header}'";
            return false;
        }

        var line = 1;
        byte[]? extra = null;
        if (line < header.Length && header[line].StartsWith("extra ", StringComparison.Ordinal))
        {
            var encoded = header[line]["extra ".Length..];
            if (!TryParseExtra(encoded, out extra))
            {
                error = $"line {line + 1}: the extra data is not non-empty canonical base64";
                return false;
            }

            line++;
        }

        if (line >= header.Length || !header[line].StartsWith("index ", StringComparison.Ordinal)
            || !ProofLines.TryParseNumber(header[line]["index ".Length..], out var index))
        {
            error = $"line {line + 1} is not 'index <n>' with a decimal index without leading zeros";
            return false;
        }

        if (!ProofLines.TryParseHashes(header, line + 1, out var hashes, out error)
            || !ProofLines.TryParseCheckpoint(noteText, out var note, out var checkpoint, out error))
        {
            return false;
        }

        proof = new TlogProof(index, hashes, extra, noteText, note, checkpoint);
        return true;
    }

    private static bool TryParseExtra(string encoded, out byte[]? extra)
    {
        extra = null;
        if (encoded.Length == 0 || encoded.Length % 4 != 0)
        {
            return false;
        }

        var buffer = new byte[encoded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            return false;
        }

        extra = buffer[..written];
        return string.Equals(Convert.ToBase64String(extra), encoded, StringComparison.Ordinal);
    }

    /// <summary>Verifies the proof for <paramref name="entry"/> (its RFC 6962 leaf hash is computed here).</summary>
    /// <inheritdoc cref="TryVerifyLeafHash"/>
    public bool TryVerifyEntry(ReadOnlySpan<byte> entry, IReadOnlyCollection<NoteKey> keys, int requiredCosignatures,
        out IReadOnlyList<VerifiedCosignature> cosignatures, out string? error)
        => TryVerifyLeafHash(MerkleHash.Leaf(entry), keys, requiredCosignatures, out cosignatures, out error);

    /// <summary>
    /// Verifies the proof for the entry with <paramref name="leafHash"/>, in this order, reporting the first problem:
    /// among <paramref name="keys"/>, an Ed25519 (type 0x01) key named after the checkpoint's origin is the log's;
    /// the note carries a signature line by it and every such line verifies; every cosignature line by a trusted
    /// witness key (type 0x04) verifies (lines by unknown keys are ignored), and at least
    /// <paramref name="requiredCosignatures"/> witnesses cosigned; the index is below the checkpoint size; the proof
    /// has the length RFC 6962 gives for that index and size; and it leads from the leaf hash to the signed root.
    /// </summary>
    /// <param name="cosignatures">The witnesses whose cosignatures verified, with their times, in key order.</param>
    public bool TryVerifyLeafHash(ReadOnlySpan<byte> leafHash, IReadOnlyCollection<NoteKey> keys, int requiredCosignatures,
        out IReadOnlyList<VerifiedCosignature> cosignatures, out string? error)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfNegative(requiredCosignatures);
        cosignatures = [];
        var origin = Checkpoint.Origin;
        var logKeys = keys.Where(k => k.Type == NoteKey.Ed25519Type && string.Equals(k.Name, origin, StringComparison.Ordinal)).ToList();
        if (logKeys.Count == 0)
        {
            error = $"no Ed25519 verifier key (type 0x01) is named after the checkpoint origin {origin}";
            return false;
        }

        if (!logKeys.Any(key => Note.Signatures.Any(s => SignedBy(s, key))))
        {
            error = $"the checkpoint carries no signature by the log key {origin}";
            return false;
        }

        if (!logKeys.Any(Note.IsSignedBy))
        {
            error = "the log's signature on the checkpoint does not verify";
            return false;
        }

        var verified = new List<VerifiedCosignature>();
        foreach (var key in keys.Where(k => k.Type == NoteKey.CosignatureV1Type))
        {
            ulong? first = null;
            foreach (var line in Note.Signatures.Where(s => SignedBy(s, key)))
            {
                if (!Cosignature.Verify(Note.Text, line, key, out var timestamp))
                {
                    error = $"the cosignature by {key.Name} does not verify";
                    return false;
                }

                first ??= timestamp;
            }

            if (first is { } time)
            {
                verified.Add(new VerifiedCosignature(key, time));
            }
        }

        if (verified.Count < requiredCosignatures)
        {
            error = $"{verified.Count} of the trusted witnesses cosigned the checkpoint; {requiredCosignatures} are required";
            return false;
        }

        var size = Checkpoint.Size;
        if (Index >= size)
        {
            error = $"index {Index} is not in the checkpoint's tree of size {size}";
            return false;
        }

        var expected = ProofShape.Inclusion(Index, size).Count;
        if (InclusionProof.Count != expected)
        {
            error = $"the inclusion proof has {InclusionProof.Count} hashes; leaf {Index} of a tree of size {size} needs {expected}";
            return false;
        }

        if (!MerkleProofs.VerifyInclusion(leafHash, Index, size, InclusionProof, Checkpoint.Root))
        {
            error = $"the inclusion proof of leaf {Index} does not lead to the checkpoint's root";
            return false;
        }

        cosignatures = verified;
        error = null;
        return true;
    }

    private static bool SignedBy(NoteSignature signature, NoteKey key)
        => signature.KeyId == key.KeyId && string.Equals(signature.KeyName, key.Name, StringComparison.Ordinal);
}
