using System.Text;
using System.Text.Json;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Evidence;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Tiles;
using Hotline.Protocol.Transcript;
using Hotline.Storage;

namespace Hotline.Node.Evidence;

/// <summary>What was written for one direction of a link.</summary>
public sealed record ExportedLog(string Directory, string Origin, long Size, int Disclosed);

/// <summary>
/// Writes a link's evidence (docs/evidence.md): per direction, the latest receipted checkpoint with the sender's
/// signature and the receiver's cosignature, the verifier keys of both, and the complete C2SP tlog-tiles tree of what
/// the receiver cosigned — entry bundles of the exact envelope bytes and every hash tile. Reads the store only; a
/// running node is not disturbed (SQLite WAL readers). Bodies stay sealed except those chosen for disclosure.
/// </summary>
public sealed class EvidenceExporter(NodeRuntime node, IReadOnlyList<NoteKey>? witnessKeys = null)
{
    private readonly IReadOnlyList<NoteKey> _witnessKeys = witnessKeys ?? [];

    public async Task<IReadOnlyList<ExportedLog>> ExportAsync(LinkRecord link, string outDirectory, IReadOnlySet<Guid> disclose, Action<string>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(disclose);
        var logs = new List<ExportedLog>();
        foreach (var direction in new[] { LogDirection.Outbound, LogDirection.Inbound })
        {
            if (await node.Store.GetLatestReceiptAsync(link.Id, direction, cancellationToken).ConfigureAwait(false) is not { } receipt)
            {
                progress?.Invoke($"{Name(link, direction)}: nothing receipted yet, skipped");
                continue;
            }

            logs.Add(await ExportLogAsync(link, direction, receipt, Path.Combine(outDirectory, Name(link, direction)), disclose, progress, cancellationToken).ConfigureAwait(false));
        }

        return logs;
    }

    /// <summary>The directory of one direction: "sender-to-receiver".</summary>
    public string Name(LinkRecord link, LogDirection direction)
    {
        ArgumentNullException.ThrowIfNull(link);
        return direction == LogDirection.Outbound ? $"{node.Name}-to-{link.PeerName}" : $"{link.PeerName}-to-{node.Name}";
    }

    /// <summary>The verifier keys of a direction's log and of its receiver's cosignatures.</summary>
    public IReadOnlyList<NoteKey> Keys(LinkRecord link, LogDirection direction)
    {
        ArgumentNullException.ThrowIfNull(link);
        var (sender, senderKey, receiver, receiverKey) = direction == LogDirection.Outbound
            ? (node.Name, node.SigningKey.PublicKey, link.PeerName, link.PeerSigningKey)
            : (link.PeerName, link.PeerSigningKey, node.Name, node.SigningKey.PublicKey);
        return
        [
            new NoteKey(TranscriptNames.Origin(link.Id, sender), NoteKey.Ed25519Type, senderKey),
            new NoteKey(TranscriptNames.CosignerName(receiver), NoteKey.CosignatureV1Type, receiverKey),
        ];
    }

    /// <summary>The receipted checkpoint as one signed note: the sender's signature and the receiver's cosignature.</summary>
    public static string CosignedNote(StoredReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var note = receipt.Note.EndsWith('\n') ? receipt.Note : receipt.Note + "\n";
        var cosignature = receipt.Cosignature.EndsWith('\n') ? receipt.Cosignature : receipt.Cosignature + "\n";
        return note + cosignature;
    }

    private async Task<ExportedLog> ExportLogAsync(LinkRecord link, LogDirection direction, StoredReceipt receipt, string directory, IReadOnlySet<Guid> disclose,
        Action<string>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var keys = Keys(link, direction).ToList();
        var note = CosignedNote(receipt);
        if (direction == LogDirection.Outbound)
        {
            // Witnesses cosign our own log; those that cosigned exactly the receipted size are part of the evidence.
            foreach (var witness in await node.Store.GetWitnessCosignaturesAsync(link.Id, direction, receipt.Size, cancellationToken).ConfigureAwait(false))
            {
                if (_witnessKeys.FirstOrDefault(k => k.Name == witness.Witness) is { PublicKey: not null } key)
                {
                    note += witness.Cosignature.EndsWith('\n') ? witness.Cosignature : witness.Cosignature + "\n";
                    keys.Add(key);
                }
            }
        }

        await File.WriteAllTextAsync(Path.Combine(directory, ExportVerifier.CheckpointFile), note, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, ExportVerifier.VerifiersFile), string.Concat(keys.Select(k => k.ToVerifierKey() + "\n")), cancellationToken)
            .ConfigureAwait(false);

        var size = receipt.Size;
        var layout = TileLayout.For(size);
        var leafHashes = new List<byte[]>((int)size);
        var opener = new BodyOpener(node.AgreementKey);
        var disclosed = 0;
        foreach (var bundle in layout.EntryBundles)
        {
            var start = bundle.Index * Tile.FullWidth;
            var entries = (await node.Store.GetEntriesAsync(link.Id, direction, start, start + bundle.Width, cancellationToken).ConfigureAwait(false))
                .Select(e => e.Entry).ToList();
            if (entries.Count != bundle.Width)
            {
                throw new StorageException($"The {direction} transcript of link {link.Id} holds {entries.Count} entries from {start}, not {bundle.Width}.", false);
            }

            await WriteAsync(directory, bundle.EntriesPath, EntryBundle.Encode(entries), cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < entries.Count; i++)
            {
                leafHashes.Add(MerkleHash.Leaf(entries[i]));
                if (disclose.Count > 0 && Envelope.TryDecode(entries[i], out var envelope, out _) && disclose.Contains(envelope.EnvelopeId))
                {
                    await DiscloseAsync(directory, opener, direction, start + i, envelope, cancellationToken).ConfigureAwait(false);
                    disclosed++;
                }
            }

            if (bundle.Index % 256 == 255)
            {
                progress?.Invoke($"{Path.GetFileName(directory)}: {leafHashes.Count:N0} of {size:N0} entries");
            }
        }

        foreach (var (tile, data) in TileHashes.ComputeAll(leafHashes))
        {
            await WriteAsync(directory, tile.Path, data, cancellationToken).ConfigureAwait(false);
        }

        progress?.Invoke($"{Path.GetFileName(directory)}: {size:N0} entries, checkpoint and tiles written");
        return new ExportedLog(directory, keys[0].Name, size, disclosed);
    }

    private static async Task DiscloseAsync(string directory, BodyOpener opener, LogDirection direction, long index, Envelope envelope, CancellationToken cancellationToken)
    {
        // Our own envelopes open through the sender's slot, the peer's through ours.
        var slot = direction == LogDirection.Outbound ? BodySeal.SenderSlot : BodySeal.PeerSlot;
        if (!opener.TryOpen(envelope.SealedBody, slot, Envelope.GuidBytes(envelope.EnvelopeId), envelope.AssociatedData(), out var plaintext, out var key))
        {
            throw new InvalidOperationException($"Envelope {envelope.EnvelopeId} does not open with this node's key; it cannot be disclosed.");
        }

        var disclosure = new Disclosure(index, envelope.EnvelopeId.ToString("D"), Convert.ToBase64String(key), Encoding.UTF8.GetString(plaintext));
        await WriteAsync(directory, $"{ExportVerifier.DisclosedDirectory}/{envelope.EnvelopeId:D}.json",
            JsonSerializer.SerializeToUtf8Bytes(disclosure, EvidenceJsonContext.Default.Disclosure), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(string directory, string relativePath, byte[] data, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, data, cancellationToken).ConfigureAwait(false);
    }
}
