using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Transcript;

/// <summary>
/// A sender's real transcript of one link for tests: envelopes encoded with their sequence, leaf hashes, and
/// checkpoints signed with the sender's node key under the transcript's origin. Deterministic (fixed seed, ids, time).
/// </summary>
internal sealed class SenderTranscript : IDisposable
{
    public static readonly Guid DefaultLinkId = Guid.Parse("0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0");
    public static readonly DateTimeOffset CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    public SenderTranscript(string name = "alpha", byte seed = 0x00, Guid? linkId = null)
    {
        Name = name;
        LinkId = linkId ?? DefaultLinkId;
        Key = NodeSigningKey.FromSeed(Enumerable.Range(seed, 32).Select(i => (byte)i).ToArray());
    }

    public string Name { get; }

    public Guid LinkId { get; }

    public NodeSigningKey Key { get; }

    public string Origin => TranscriptNames.Origin(LinkId, Name);

    /// <summary>The key the receiver pinned for this sender's transcript.</summary>
    public NoteKey LogKey => new(Origin, NoteKey.Ed25519Type, Key.PublicKey);

    public List<byte[]> Entries { get; } = [];

    public List<byte[]> LeafHashes { get; } = [];

    public long Size => Entries.Count;

    /// <summary>An envelope of this sender; every argument can be changed to build a faulty one.</summary>
    public Envelope NewEnvelope(long sequence, string body = "body", Guid? linkId = null, byte[]? sender = null) => new(
        linkId ?? LinkId,
        new Guid([.. BitConverter.GetBytes(sequence), .. "envelope"u8]),
        sequence,
        (Precedence)(sequence % 4),
        EnvelopeType.Message,
        CreatedAt.AddSeconds(sequence),
        sender ?? Key.PublicKey,
        $"officer-{sequence}@{Name}",
        "duty@peer",
        [BodySeal.SuiteX25519HkdfSha256ChaCha20Poly1305, .. System.Text.Encoding.UTF8.GetBytes($"{body} {sequence}")]);

    /// <summary>Appends <paramref name="count"/> well-formed envelopes.</summary>
    public SenderTranscript Append(int count)
    {
        for (var i = 0; i < count; i++)
        {
            AppendEntry(NewEnvelope(Size).Encode());
        }

        return this;
    }

    /// <summary>Appends raw bytes as the next entry (the sender's log accepts anything; the receiver checks).</summary>
    public SenderTranscript AppendEntry(byte[] entry)
    {
        Entries.Add(entry);
        LeafHashes.Add(MerkleHash.Leaf(entry));
        return this;
    }

    public byte[] Root(long size) => MerkleProofs.SubtreeRoot(LeafHashes, 0, size);

    /// <summary>The signed checkpoint note of the first <paramref name="size"/> entries.</summary>
    public string SignedCheckpoint(long size) => SignedCheckpoint(new Checkpoint(Origin, size, Root(size)));

    public string SignedCheckpoint(Checkpoint checkpoint, NodeSigningKey? key = null, string? keyName = null)
    {
        var text = checkpoint.ToText();
        return new SignedNote(text, [SignedNote.SignEd25519(text, keyName ?? Origin, key ?? Key)]).Format();
    }

    /// <summary>What the receiver holds after storing the first <paramref name="size"/> entries.</summary>
    public MerkleFrontier Frontier(long size)
    {
        var frontier = MerkleFrontier.Empty();
        foreach (var leaf in LeafHashes.Take((int)size))
        {
            frontier.Append(leaf);
        }

        return frontier;
    }

    public List<byte[]> EntriesBetween(long start, long end) => Entries.GetRange((int)start, (int)(end - start));

    public void Dispose() => Key.Dispose();
}
