using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;
using Hotline.Protocol.Witness;
using Hotline.Storage;

namespace Hotline.Node.Evidence;

/// <summary>A proof of one envelope, ready to write: the tlog-proof file and the verifier keys of its signers.</summary>
public sealed record EnvelopeProofFile(string Proof, IReadOnlyList<NoteKey> Keys, long Index, long Size, string Direction);

/// <summary>
/// <c>hotline evidence prove</c>: a C2SP tlog-proof that one envelope was sent (it is in the sender's signed log) and
/// received (the receiver cosigned a checkpoint covering it), with the envelope bytes in the <c>extra</c> line so the
/// file stands alone.
/// </summary>
public sealed class EnvelopeProof(NodeRuntime node, EvidenceExporter exporter)
{
    public async Task<EnvelopeProofFile> ProveAsync(Guid envelopeId, CancellationToken cancellationToken)
    {
        var found = await node.Store.FindEntryAsync(envelopeId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No transcript of this node holds envelope {envelopeId}.");
        var (linkId, direction, entry) = found;
        var link = (await node.Store.GetLinksAsync(cancellationToken).ConfigureAwait(false)).Single(l => l.Id == linkId);
        var receipt = await node.Store.GetLatestReceiptAsync(linkId, direction, cancellationToken).ConfigureAwait(false);
        if (receipt is null || receipt.Size <= entry.Sequence)
        {
            throw new InvalidOperationException($"Envelope {envelopeId} is not receipted yet (sequence {entry.Sequence}); there is no cosigned checkpoint to prove it against.");
        }

        var leaves = await node.Store.GetLeafHashesAsync(linkId, direction, 0, receipt.Size, cancellationToken).ConfigureAwait(false);
        var proof = MerkleProofs.InclusionProof(leaves, entry.Sequence, receipt.Size);
        var text = TlogProof.Format(entry.Sequence, proof, EvidenceExporter.CosignedNote(receipt), entry.Entry);
        return new EnvelopeProofFile(text, exporter.Keys(link, direction), entry.Sequence, receipt.Size, exporter.Name(link, direction));
    }
}
