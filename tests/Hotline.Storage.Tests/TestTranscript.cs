using Hotline.Protocol;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Storage.Tests;

/// <summary>
/// The test's own model of one transcript: the entries appended so far and their frontier, so the inputs of
/// <c>StoreSentBatchAsync</c> and <c>StoreReceivedBatchAsync</c> are computed independently of the store under test.
/// </summary>
internal sealed class TestTranscript(Guid linkId, string senderName)
{
    private readonly MerkleFrontier _frontier = MerkleFrontier.Empty();

    public long Size => _frontier.Size;

    /// <summary>The type of the envelopes appended next.</summary>
    public EnvelopeType Type { get; set; } = EnvelopeType.Message;

    /// <summary>Appends one entry per envelope id; returns the batch rows, the new frontier and its checkpoint note.</summary>
    public (IReadOnlyList<(Guid EnvelopeId, byte[] Entry, byte[] LeafHash)> Entries, byte[] Frontier, string Note) Append(IReadOnlyList<Guid> envelopeIds)
    {
        var rows = new List<(Guid, byte[], byte[])>();
        foreach (var id in envelopeIds)
        {
            // A real message envelope (the inbox lists messages by their type); the body says which position it stands for.
            var entry = new Envelope(linkId, id, _frontier.Size, Precedence.Routine, Type, DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000),
                new byte[32], "", "", System.Text.Encoding.UTF8.GetBytes($"entry {_frontier.Size} of {linkId} ({id})")).Encode();
            var leaf = MerkleHash.Leaf(entry);
            _frontier.Append(leaf);
            rows.Add((id, entry, leaf));
        }

        return (rows, _frontier.ToBytes(), Note(_frontier.Size, _frontier.Root()));
    }

    /// <summary>A checkpoint note in the shape the node stores (text, blank line, one signature line).</summary>
    public string Note(long size, byte[] root)
        => new Checkpoint(TranscriptNames.Origin(linkId, senderName), size, root).ToText() + "\n\u2014 " + TranscriptNames.Origin(linkId, senderName) + " AAAAAA==\n";
}
