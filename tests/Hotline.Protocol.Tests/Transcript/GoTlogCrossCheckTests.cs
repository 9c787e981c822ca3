using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Transcript;

/// <summary>
/// Our Merkle math against golang.org/x/mod/sumdb/tlog, an independent implementation: every leaf hash, tree hash,
/// inclusion proof and consistency proof that tests/vectors/go/main.go wrote to tests/vectors/go-x-mod/.
/// </summary>
public sealed class GoTlogCrossCheckTests
{
    public static TheoryData<string> Files => ["go-x-mod/tlog-rfc6962.txt", "go-x-mod/tlog-hotline.txt"];

    [Theory]
    [MemberData(nameof(Files))]
    public void LeafHashes_MatchGo(string file)
    {
        var tree = TreeVectors.Read(file);
        Assert.NotEmpty(tree.Entries);
        Assert.Equal(tree.LeafHashes.Select(Convert.ToHexStringLower), tree.Entries.Select(e => Convert.ToHexStringLower(MerkleHash.Leaf(e))));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TreeHashes_OfEverySize_MatchGo(string file)
    {
        var tree = TreeVectors.Read(file);
        var frontier = MerkleFrontier.Empty();
        foreach (var leaf in tree.LeafHashes)
        {
            frontier.Append(leaf);
            Assert.Equal(Convert.ToHexStringLower(tree.Roots[frontier.Size]), Convert.ToHexStringLower(frontier.Root()));
            Assert.Equal(tree.Roots[frontier.Size], MerkleProofs.SubtreeRoot(tree.LeafHashes, 0, frontier.Size));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void InclusionProofs_ForEveryIndexAndSize_MatchGoAndVerify(string file)
    {
        var tree = TreeVectors.Read(file);
        var n = tree.Entries.Count;
        Assert.Equal(n * (n + 1) / 2, tree.Inclusions.Count);
        foreach (var (index, size, proof) in tree.Inclusions)
        {
            var ours = MerkleProofs.InclusionProof(tree.LeafHashes, index, size);
            Assert.Equal(proof.Select(Convert.ToHexStringLower), ours.Select(Convert.ToHexStringLower));
            Assert.True(MerkleProofs.VerifyInclusion(tree.LeafHashes[(int)index], index, size, proof, tree.Roots[size]));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ConsistencyProofs_ForEveryPairOfSizes_MatchGoAndVerify(string file)
    {
        var tree = TreeVectors.Read(file);
        var n = tree.Entries.Count;
        Assert.Equal(n * (n + 1) / 2, tree.Consistencies.Count);
        foreach (var (oldSize, newSize, proof) in tree.Consistencies)
        {
            var ours = MerkleProofs.ConsistencyProof(tree.LeafHashes, oldSize, newSize);
            Assert.Equal(proof.Select(Convert.ToHexStringLower), ours.Select(Convert.ToHexStringLower));
            Assert.True(MerkleProofs.VerifyConsistency(oldSize, newSize, proof, tree.Roots[oldSize], tree.Roots[newSize]));
        }
    }
}
