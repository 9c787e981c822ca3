using System.Text;
using System.Text.Json;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Evidence;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Tiles;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Evidence;

/// <summary>One direction of an export, built in memory from first principles (docs/evidence.md) for the verifier's tests.</summary>
internal sealed class MemoryExport : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-29T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly NodeSigningKey _sender = NodeSigningKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly NodeSigningKey _receiver = NodeSigningKey.FromSeed(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private readonly NodeAgreementKey _senderAgreement = NodeAgreementKey.FromPrivateKey(Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray());
    private readonly NodeAgreementKey _receiverAgreement = NodeAgreementKey.FromPrivateKey(Enumerable.Range(0x60, 32).Select(i => (byte)i).ToArray());

    public MemoryExport(int size)
    {
        Origin = TranscriptNames.Origin(LinkId, "alpha");
        var sealer = new BodySealer(Enumerable.Range(0x80, 32).Select(i => (byte)i).ToArray(), _receiverAgreement.PublicKey, _senderAgreement.PublicKey);
        for (var i = 0; i < size; i++)
        {
            var id = Guid.CreateVersion7(T0.AddSeconds(i));
            var header = new Envelope(LinkId, id, i, Precedence.Routine, EnvelopeType.Message, T0.AddSeconds(i), _sender.PublicKey, "", "", []);
            var key = Enumerable.Repeat((byte)(i % 251), 32).ToArray();
            var sealedBody = sealer.Seal(Envelope.GuidBytes(id), key, header.AssociatedData(), Encoding.UTF8.GetBytes($"message {i}"));
            Envelopes.Add(header with { SealedBody = sealedBody });
            ContentKeys.Add(key);
        }

        Entries = [.. Envelopes.Select(e => e.Encode())];
        WriteTree(Entries);
        Files[ExportVerifier.CheckpointFile] = Encoding.UTF8.GetBytes(CosignedCheckpoint(size));
        Files[ExportVerifier.VerifiersFile] = Encoding.UTF8.GetBytes(LogKey.ToVerifierKey() + "\n" + ReceiverKey.ToVerifierKey() + "\n");
    }

    public Guid LinkId { get; } = Guid.Parse("01a22700-0000-7000-8000-0000000000aa");

    public string Origin { get; }

    public List<Envelope> Envelopes { get; } = [];

    public List<byte[]> ContentKeys { get; } = [];

    public List<byte[]> Entries { get; }

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public List<string> Disclosed { get; } = [];

    public NoteKey LogKey => new(Origin, NoteKey.Ed25519Type, _sender.PublicKey);

    public NoteKey ReceiverKey => new(TranscriptNames.CosignerName("bravo"), NoteKey.CosignatureV1Type, _receiver.PublicKey);

    public IReadOnlyCollection<string> TileFiles => [.. Files.Keys.Where(k => k.StartsWith("tile/", StringComparison.Ordinal))];

    /// <summary>A checkpoint of the first <paramref name="size"/> entries, signed by the log and cosigned by the receiver.</summary>
    public string CosignedCheckpoint(int size)
    {
        var leaves = Entries.Take(size).Select(e => MerkleHash.Leaf(e)).ToList();
        var root = size == 0 ? MerkleHash.EmptyRoot() : MerkleProofs.SubtreeRoot(leaves, 0, size);
        var text = new Checkpoint(Origin, size, root).ToText();
        return new SignedNote(text,
        [
            SignedNote.SignEd25519(text, Origin, _sender),
            Cosignature.Sign(text, (ulong)T0.AddHours(1).ToUnixTimeSeconds(), ReceiverKey.Name, _receiver),
        ]).Format();
    }

    /// <summary>Writes the entry bundles and hash tiles of these entries (replacing any).</summary>
    public void WriteTree(IReadOnlyList<byte[]> entries)
    {
        foreach (var key in Files.Keys.Where(k => k.StartsWith("tile/", StringComparison.Ordinal)).ToList())
        {
            Files.Remove(key);
        }

        var layout = TileLayout.For(entries.Count);
        foreach (var bundle in layout.EntryBundles)
        {
            Files[bundle.EntriesPath] = EntryBundle.Encode([.. entries.Skip((int)(bundle.Index * Tile.FullWidth)).Take(bundle.Width)]);
        }

        foreach (var (tile, data) in TileHashes.ComputeAll([.. entries.Select(e => MerkleHash.Leaf(e))]))
        {
            Files[tile.Path] = data;
        }
    }

    public void Disclose(int index, string? body = null)
    {
        var envelope = Envelopes[index];
        var name = $"{envelope.EnvelopeId:D}.json";
        Files[$"{ExportVerifier.DisclosedDirectory}/{name}"] = JsonSerializer.SerializeToUtf8Bytes(
            new Disclosure(index, envelope.EnvelopeId.ToString("D"), Convert.ToBase64String(ContentKeys[index]), body ?? $"message {index}"),
            EvidenceJsonContext.Default.Disclosure);
        Disclosed.Add(name);
    }

    public bool Verify(out VerifiedLog? log, out string? error, bool listTiles = true)
        => ExportVerifier.TryVerify(path => Files.GetValueOrDefault(path), Disclosed, out log, out error, listTiles ? TileFiles : null);

    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
        _senderAgreement.Dispose();
        _receiverAgreement.Dispose();
    }
}
