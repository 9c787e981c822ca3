using System.Globalization;
using System.Text;
using System.Text.Json;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Tiles;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Evidence;

/// <summary>What one verified direction of an export holds.</summary>
public sealed record VerifiedLog(string Origin, Guid LinkId, string Sender, long Size, IReadOnlyList<string> Cosigners, int Disclosed);

/// <summary>
/// Verifies one direction of an evidence export (docs/evidence.md, step by step): the verifier keys, every signature
/// and cosignature of the checkpoint, every entry bundle against its level-0 tile, every hash tile against the tiles
/// below, the root against the signed root, each entry as an envelope of this link and sender at its own index, and
/// any disclosed body against its signed ciphertext. Pure: files are read through the function given (a path
/// relative to the direction's directory → its bytes, or null when missing). The first problem found is reported
/// with the file it is in.
/// </summary>
public static class ExportVerifier
{
    public const string CheckpointFile = "checkpoint";
    public const string VerifiersFile = "verifiers";
    public const string DisclosedDirectory = "disclosed";

    /// <param name="read">A path relative to the direction's directory → the file's bytes, or null when missing.</param>
    /// <param name="disclosureFiles">The file names in <c>disclosed/</c>.</param>
    /// <param name="tileFiles">Every file under <c>tile/</c> (relative paths), when the caller can list them: a tile
    /// that belongs to no tree of the checkpoint's size means the checkpoint is not the one the tiles were cut for
    /// (rolled back or substituted).</param>
    public static bool TryVerify(Func<string, byte[]?> read, IReadOnlyList<string> disclosureFiles, out VerifiedLog? log, out string? error,
        IReadOnlyCollection<string>? tileFiles = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(disclosureFiles);
        log = null;

        // 1. Keys.
        if (read(VerifiersFile) is not { } verifierBytes)
        {
            error = $"{VerifiersFile}: missing";
            return false;
        }

        var keys = new List<NoteKey>();
        foreach (var line in Encoding.UTF8.GetString(verifierBytes).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!NoteKey.TryParseVerifierKey(line.Trim(), out var key, out var keyError))
            {
                error = $"{VerifiersFile}: '{line.Trim()}' is not a verifier key: {keyError}";
                return false;
            }

            keys.Add(key);
        }

        var logKeys = keys.Where(k => k.Type == NoteKey.Ed25519Type).ToList();
        if (logKeys.Count != 1 || !TranscriptOrigin.TryParse(logKeys[0].Name, out var linkId, out var sender))
        {
            error = $"{VerifiersFile}: exactly one Ed25519 key named hotline/link/<link id>/<sender> (the log key) is required";
            return false;
        }

        var logKey = logKeys[0];

        // 2. Checkpoint.
        if (read(CheckpointFile) is not { } noteBytes)
        {
            error = $"{CheckpointFile}: missing";
            return false;
        }

        if (!SignedNote.TryParse(Encoding.UTF8.GetString(noteBytes), out var note, out var noteError) || !Checkpoint.TryParse(note.Text, out var checkpoint, out noteError))
        {
            error = $"{CheckpointFile}: not a signed checkpoint: {noteError}";
            return false;
        }

        if (checkpoint.Origin != logKey.Name)
        {
            error = $"{CheckpointFile}: the origin is '{checkpoint.Origin}', but the log key is '{logKey.Name}'";
            return false;
        }

        var cosigned = new List<string>();
        foreach (var signature in note.Signatures)
        {
            var key = keys.FirstOrDefault(k => k.Name == signature.KeyName && k.KeyId == signature.KeyId);
            if (key.PublicKey is null)
            {
                error = $"{CheckpointFile}: the signature by '{signature.KeyName}' is by no key in {VerifiersFile}";
                return false;
            }

            var valid = key.Type == NoteKey.Ed25519Type
                ? NodeSigningKey.Verify(key.PublicKey, Encoding.UTF8.GetBytes(note.Text), signature.Signature)
                : Cosignature.Verify(note.Text, signature, key, out _);
            if (!valid)
            {
                error = $"{CheckpointFile}: the {(key.Type == NoteKey.Ed25519Type ? "signature" : "cosignature")} by '{signature.KeyName}' does not verify";
                return false;
            }

            if (key.Type == NoteKey.CosignatureV1Type)
            {
                cosigned.Add(key.Name);
            }
        }

        if (!note.Signatures.Any(s => s.KeyName == logKey.Name))
        {
            error = $"{CheckpointFile}: the log's own signature ({logKey.Name}) is missing";
            return false;
        }

        // The receipt is the receiving node's cosignature (hotline/node/<name>); witnesses' come in addition.
        if (!cosigned.Any(name => name.StartsWith("hotline/node/", StringComparison.Ordinal)))
        {
            error = $"{CheckpointFile}: no cosignature (receipt) by the receiver";
            return false;
        }

        // 3–6. Entries, tiles, root, envelopes.
        var layout = TileLayout.For(checkpoint.Size);
        if (tileFiles is not null)
        {
            var expected = layout.HashTiles.Select(t => t.Path).Concat(layout.EntryBundles.Select(t => t.EntriesPath)).ToHashSet(StringComparer.Ordinal);
            if (tileFiles.Order(StringComparer.Ordinal).FirstOrDefault(f => !expected.Contains(f)) is { } stray)
            {
                error = $"{stray}: not part of a tree of size {checkpoint.Size}; the checkpoint is not the one these tiles were written for (rolled back or substituted)";
                return false;
            }
        }

        var leafHashes = new List<byte[]>((int)Math.Min(checkpoint.Size, int.MaxValue));
        var envelopes = new Dictionary<Guid, (long Index, Envelope Envelope)>();
        foreach (var bundleTile in layout.EntryBundles)
        {
            var path = bundleTile.EntriesPath;
            if (read(path) is not { } bundle)
            {
                error = $"{path}: missing";
                return false;
            }

            if (!EntryBundle.TryDecode(bundle, bundleTile.Width, out var entries, out var bundleError))
            {
                error = $"{path}: {bundleError}";
                return false;
            }

            for (var i = 0; i < entries.Count; i++)
            {
                var index = (bundleTile.Index * Tile.FullWidth) + i;
                if (!Envelope.TryDecode(entries[i], out var envelope, out var envelopeError))
                {
                    error = $"{path}: entry {index} is not an envelope: {envelopeError}";
                    return false;
                }

                if (envelope.LinkId != linkId || !envelope.Sender.AsSpan().SequenceEqual(logKey.PublicKey) || envelope.Sequence != index)
                {
                    error = string.Create(CultureInfo.InvariantCulture,
                        $"{path}: entry {index} is envelope {envelope.EnvelopeId} of link {envelope.LinkId}, sequence {envelope.Sequence}, from another sender or out of place (expected link {linkId}, sender {sender}, sequence {index})");
                    return false;
                }

                if (disclosureFiles.Count > 0)
                {
                    // Kept only when bodies are disclosed: a million envelopes would otherwise stay in memory.
                    envelopes[envelope.EnvelopeId] = (index, envelope);
                }

                leafHashes.Add(MerkleHash.Leaf(entries[i]));
            }
        }

        foreach (var (tile, expected) in TileHashes.ComputeAll(leafHashes))
        {
            var path = tile.Path;
            if (read(path) is not { } actual)
            {
                error = $"{path}: missing";
                return false;
            }

            if (!actual.AsSpan().SequenceEqual(expected))
            {
                error = tile.Level == 0
                    ? $"{path}: the hashes do not match the entries of {tile.EntriesPath}"
                    : $"{path}: the hashes do not match the level-{tile.Level - 1} tiles below it";
                return false;
            }
        }

        var root = checkpoint.Size == 0 ? MerkleHash.EmptyRoot() : MerkleProofs.SubtreeRoot(leafHashes, 0, leafHashes.Count);
        if (!root.AsSpan().SequenceEqual(checkpoint.Root))
        {
            error = $"{CheckpointFile}: the entries hash to root {Convert.ToBase64String(root)}, not the signed root {Convert.ToBase64String(checkpoint.Root)}";
            return false;
        }

        // 7. Disclosures.
        foreach (var file in disclosureFiles)
        {
            if (!TryVerifyDisclosure(read, file, envelopes, out error))
            {
                return false;
            }
        }

        log = new VerifiedLog(checkpoint.Origin, linkId, sender, checkpoint.Size, cosigned, disclosureFiles.Count);
        error = null;
        return true;
    }

    private static bool TryVerifyDisclosure(Func<string, byte[]?> read, string file, Dictionary<Guid, (long Index, Envelope Envelope)> envelopes, out string? error)
    {
        var path = $"{DisclosedDirectory}/{file}";
        Disclosure? disclosure = null;
        try
        {
            disclosure = read(path) is { } bytes ? JsonSerializer.Deserialize(bytes, EvidenceJsonContext.Default.Disclosure) : null;
        }
        catch (JsonException ex)
        {
            error = $"{path}: not a disclosure: {ex.Message}";
            return false;
        }

        if (disclosure is null || !Guid.TryParse(disclosure.Envelope, out var id) || disclosure.Body is null
            || !envelopes.TryGetValue(id, out var found) || found.Index != disclosure.Index)
        {
            error = $"{path}: names no envelope of this log at its index";
            return false;
        }

        var key = new byte[BodySeal.KeySize];
        if (!Convert.TryFromBase64String(disclosure.Key ?? "", key, out var written) || written != key.Length
            || !BodyDisclosure.TryOpen(found.Envelope.SealedBody, key, found.Envelope.AssociatedData(), out var plaintext))
        {
            error = $"{path}: the key does not open envelope {id}'s signed ciphertext";
            return false;
        }

        if (!plaintext.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(disclosure.Body)))
        {
            error = $"{path}: the disclosed body is not what envelope {id}'s ciphertext holds";
            return false;
        }

        error = null;
        return true;
    }
}
