using System.Security.Cryptography;
using System.Text;
using Hotline.Node.Escalation;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;
using Hotline.Storage;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Evidence;

/// <summary>
/// Catches a peer that rewrites or forks its transcript. When a batch is refused because its signed checkpoint
/// disagrees with what this node already holds, the alarm checks whether the peer really signed two histories that
/// cannot both be true — one size with two roots (a fork), or a larger tree whose signed root is computed over entries
/// that differ from ones it signed before (a rewrite) — and only then keeps both signed checkpoints as a proof of
/// misbehaviour and raises an alarm (notification and webhooks). Garbage that no valid signature covers proves nothing
/// and is only refused.
/// </summary>
public sealed class MisbehaviourAlarm(NodeRuntime node, WebhookSender webhooks, Federation.FederationClient peers, TimeProvider time, ILogger<MisbehaviourAlarm> logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _asked = new();

    /// <summary>Called for a refused batch whose checkpoint carries the peer's valid signature.</summary>
    public async Task CheckAsync(LinkRecord link, MerkleFrontier local, long start, IReadOnlyList<byte[]> entries, string checkpointNote, CancellationToken cancellationToken)
    {
        if (!SignedNote.TryParse(checkpointNote, out var note, out _) || !Checkpoint.TryParse(note.Text, out var checkpoint, out _)
            || !note.IsSignedBy(NodeRuntime.PeerLogKey(link)) || start < 0 || start > local.Size)
        {
            return;
        }

        if (checkpoint.Size <= local.Size)
        {
            if (await node.Store.GetCheckpointAsync(link.Id, LogDirection.Inbound, checkpoint.Size, cancellationToken).ConfigureAwait(false) is { } stored
                && SignedNote.TryParse(stored.Note, out var storedNote, out _) && Checkpoint.TryParse(storedNote.Text, out var earlier, out _)
                && !earlier.Root.AsSpan().SequenceEqual(checkpoint.Root))
            {
                await RecordAsync(link, "fork", stored.Note, checkpointNote,
                    $"two checkpoints of size {checkpoint.Size} with different roots, both signed by {link.PeerName}", cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        // A larger tree: recompute its root from what we hold before the batch and the batch's own entries. If that is
        // the root the peer signed, the peer signed a history whose first entries are not the ones it signed before.
        var leaves = new List<byte[]>(await node.Store.GetLeafHashesAsync(link.Id, LogDirection.Inbound, 0, start, cancellationToken).ConfigureAwait(false));
        leaves.AddRange(entries.Select(e => MerkleHash.Leaf(e)));
        if (leaves.Count != checkpoint.Size || !MerkleProofs.SubtreeRoot(leaves, 0, leaves.Count).AsSpan().SequenceEqual(checkpoint.Root))
        {
            // The signed root does not extend what we hold with these entries. Either they were damaged on the way, or
            // the peer signed a tree with a different past. Its own served tiles tell which (in the background: the
            // peer is waiting for our answer to this batch).
            if (_asked.TryAdd(checkpointNote, true))
            {
                _ = Task.Run(() => CheckServedTreeAsync(link, local.Size, checkpoint, checkpointNote), CancellationToken.None);
            }

            return;
        }

        var ours = await node.Store.GetLeafHashesAsync(link.Id, LogDirection.Inbound, start, local.Size, cancellationToken).ConfigureAwait(false);
        var differs = Enumerable.Range(0, ours.Count).FirstOrDefault(i => !ours[i].AsSpan().SequenceEqual(leaves[(int)start + i]), -1);
        if (differs < 0 || await node.Store.GetCheckpointAsync(link.Id, LogDirection.Inbound, local.Size, cancellationToken).ConfigureAwait(false) is not { } latest)
        {
            return;
        }

        await RecordAsync(link, "rewrite", latest.Note, checkpointNote,
            $"{link.PeerName} signed a tree of size {checkpoint.Size} whose entry {start + differs} differs from the one in the tree of size {local.Size} it signed before",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the peer's tiles for its signed tree; if they hash to the signed root, and a leaf we hold (under a root it
    /// signed earlier) differs from the leaf at the same index in them, the peer signed two histories: a rewrite, proven
    /// by its two signed checkpoints and the differing leaf's inclusion proof in the new tree.
    /// </summary>
    private async Task CheckServedTreeAsync(LinkRecord link, long ourSize, Checkpoint signed, string signedNote)
    {
        try
        {
            var tiles = new Dictionary<Protocol.Tiles.Tile, byte[]>();
            foreach (var tile in Protocol.Tiles.TileLayout.For(signed.Size).HashTiles)
            {
                if (await peers.ReadLogAsync(link, tile.Path, node.SigningKey, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false) is not { } data)
                {
                    return;
                }

                tiles[tile] = data;
            }

            var set = new Protocol.Tiles.TileSet(signed.Size, tiles);
            if (!set.TryVerify(signed.Root, out _))
            {
                return;
            }

            var ours = await node.Store.GetLeafHashesAsync(link.Id, LogDirection.Inbound, 0, ourSize, CancellationToken.None).ConfigureAwait(false);
            for (var i = 0L; i < ours.Count; i++)
            {
                if (set.TryGetLeafHash(i, out var theirs, out _) && !theirs.AsSpan().SequenceEqual(ours[(int)i])
                    && await node.Store.GetCheckpointAsync(link.Id, LogDirection.Inbound, ourSize, CancellationToken.None).ConfigureAwait(false) is { } earlier
                    && set.TryGetInclusionProof(i, out var proof, out _))
                {
                    await RecordAsync(link, "rewrite", earlier.Note, signedNote,
                        $"{link.PeerName} signed a tree of size {signed.Size} whose entry {i} (leaf hash {Convert.ToBase64String(theirs)}, inclusion proof " +
                        $"{string.Join(" ", proof.Select(Convert.ToBase64String))}) differs from the entry {i} of the tree of size {ourSize} it signed before",
                        CancellationToken.None).ConfigureAwait(false);
                    return;
                }
            }
        }
#pragma warning disable CA1031 // A background check: a peer that does not serve its tiles proves nothing, and the refusal stands.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ServedTreeUnchecked(logger, link.Id, ex.Message);
        }
    }

    private async Task RecordAsync(LinkRecord link, string kind, string firstNote, string secondNote, string detail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = "misbehaviour:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(firstNote + "\n" + secondNote)));
        var alarm = new NotificationRecord(0, now, "misbehaviour", link.Id, null, "role:watch-officer, role:admin",
            $"Proof of misbehaviour on the link with {link.PeerName} ({kind}): {detail}. Both signed checkpoints are kept.");
        var id = await node.Store.RecordMisbehaviourAsync(new MisbehaviourRecord(0, link.Id, LogDirection.Inbound, now, kind, firstNote, secondNote, detail), alarm, key, cancellationToken)
            .ConfigureAwait(false);
        if (id != 0)
        {
            Log.Misbehaviour(logger, link.Id, kind, detail);
            webhooks.Post(alarm with { Id = id });
        }
    }
}
