using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Transcript;

/// <summary>
/// The published RFC 6962 vectors over the 8 certificate-transparency reference leaves (tests/vectors/rfc6962-merkle.txt),
/// including the corrupted-proof probes of transparency-dev/merkle proof/verify_test.go.
/// </summary>
public sealed class Rfc6962MerkleVectorTests
{
    private static readonly TreeVectors s_tree = TreeVectors.Read("rfc6962-merkle.txt");

    private static List<byte[]> LeafHashes => [.. s_tree.Entries.Select(e => MerkleHash.Leaf(e))];

    [Fact]
    public void EmptyRoot_IsSha256OfTheEmptyString()
        => Assert.Equal(s_tree.Roots[0], MerkleHash.EmptyRoot());

    [Fact]
    public void Leaf_OfEachReferenceEntry_IsThePublishedLeafHash()
    {
        Assert.Equal(8, s_tree.Entries.Count);
        Assert.Equal(s_tree.LeafHashes, LeafHashes);
    }

    [Fact]
    public void SubtreeRoot_ForSizes0To8_IsThePublishedRoot()
    {
        for (var size = 0; size <= 8; size++)
        {
            Assert.Equal(Convert.ToHexStringLower(s_tree.Roots[size]), Convert.ToHexStringLower(MerkleProofs.SubtreeRoot(LeafHashes, 0, size)));
        }
    }

    [Fact]
    public void Frontier_AfterEachAppend_HasThePublishedRoot()
    {
        var frontier = MerkleFrontier.Empty();
        Assert.Equal(s_tree.Roots[0], frontier.Root());
        foreach (var leaf in LeafHashes)
        {
            frontier.Append(leaf);
            Assert.Equal(s_tree.Roots[frontier.Size], frontier.Root());
        }
    }

    [Fact]
    public void InclusionProof_ForThePublishedCases_IsThePublishedPath()
    {
        Assert.Equal(4, s_tree.Inclusions.Count);
        foreach (var (index, size, proof) in s_tree.Inclusions)
        {
            Assert.Equal(Hex(proof), Hex(MerkleProofs.InclusionProof(LeafHashes, index, size)));
        }
    }

    [Fact]
    public void ConsistencyProof_ForThePublishedCases_IsThePublishedProof()
    {
        Assert.Equal(4, s_tree.Consistencies.Count);
        foreach (var (oldSize, newSize, proof) in s_tree.Consistencies)
        {
            Assert.Equal(Hex(proof), Hex(MerkleProofs.ConsistencyProof(LeafHashes, oldSize, newSize)));
        }
    }

    [Fact]
    public void VerifyInclusion_AcceptsEveryPublishedPath()
    {
        foreach (var (index, size, proof) in s_tree.Inclusions)
        {
            Assert.True(MerkleProofs.VerifyInclusion(LeafHashes[(int)index], index, size, proof, s_tree.Roots[size]));
        }
    }

    [Fact]
    public void VerifyConsistency_AcceptsEveryPublishedProof()
    {
        foreach (var (oldSize, newSize, proof) in s_tree.Consistencies)
        {
            Assert.True(MerkleProofs.VerifyConsistency(oldSize, newSize, proof, s_tree.Roots[oldSize], s_tree.Roots[newSize]));
        }
    }

    [Fact]
    public void VerifyInclusion_RejectsEveryCorruptionOfThePublishedPaths()
    {
        var someHash = Convert.FromHexString("abacaba000000000000000000000000000000000000000000060061e00123456");
        foreach (var (index, size, proof) in s_tree.Inclusions)
        {
            var leaf = LeafHashes[(int)index];
            var root = s_tree.Roots[size];
            var probes = new List<(string What, long Index, long Size, byte[] Leaf, byte[] Root, List<byte[]> Proof)>
            {
                ("index - 1", index - 1, size, leaf, root, proof),
                ("index + 1", index + 1, size, leaf, root, proof),
                ("index ^ 2", index ^ 2, size, leaf, root, proof),
                ("size * 2", index, size * 2, leaf, root, proof),
                ("size / 2", index, size / 2, leaf, root, proof),
                ("wrong leaf", index, size, "WrongLeaf"u8.ToArray(), root, proof),
                ("empty root", index, size, leaf, s_tree.Roots[0], proof),
                ("random root", index, size, leaf, someHash, proof),
                ("trailing garbage", index, size, leaf, root, [.. proof, []]),
                ("trailing root", index, size, leaf, root, [.. proof, root]),
                ("preceding garbage", index, size, leaf, root, [[], .. proof]),
                ("preceding root", index, size, leaf, root, [root, .. proof]),
                ("removed component", index, size, leaf, root, proof[..^1]),
            };
            if (proof.Count > 1)
            {
                probes.Add(("inserted component", index, size, leaf, root, [proof[0], someHash, .. proof[1..]]));
            }

            for (var i = 0; i < proof.Count; i++)
            {
                probes.Add(($"flipped bit 3 of proof[{i}]", index, size, leaf, root, FlipBit(proof, i, 8)));
            }

            foreach (var probe in probes)
            {
                Assert.False(
                    MerkleProofs.VerifyInclusion(probe.Leaf, probe.Index, probe.Size, probe.Proof, probe.Root),
                    $"inclusion ({index}, {size}) verified with {probe.What}");
            }
        }
    }

    [Fact]
    public void VerifyConsistency_RejectsEveryCorruptionOfThePublishedProofs()
    {
        foreach (var (oldSize, newSize, proof) in s_tree.Consistencies)
        {
            var root1 = s_tree.Roots[oldSize];
            var root2 = s_tree.Roots[newSize];
            var probes = new List<(string What, long OldSize, long NewSize, byte[] Root1, byte[] Root2, List<byte[]> Proof)>
            {
                ("size1 - 1", oldSize - 1, newSize, root1, root2, proof),
                ("size1 + 1", oldSize + 1, newSize, root1, root2, proof),
                ("size1 ^ 2", oldSize ^ 2, newSize, root1, root2, proof),
                ("size2 * 2", oldSize, newSize * 2, root1, root2, proof),
                ("size2 / 2", oldSize, newSize / 2, root1, root2, proof),
                ("wrong root1", oldSize, newSize, "WrongRoot"u8.ToArray(), root2, proof),
                ("wrong root2", oldSize, newSize, root1, "WrongRoot"u8.ToArray(), proof),
                ("swapped roots", oldSize, newSize, root2, root1, proof),
                ("empty proof", oldSize, newSize, root1, root2, []),
                ("trailing garbage", oldSize, newSize, root1, root2, [.. proof, []]),
                ("trailing root1", oldSize, newSize, root1, root2, [.. proof, root1]),
                ("trailing root2", oldSize, newSize, root1, root2, [.. proof, root2]),
                ("preceding garbage", oldSize, newSize, root1, root2, [[], .. proof]),
                ("preceding root1", oldSize, newSize, root1, root2, [root1, .. proof]),
                ("preceding root2", oldSize, newSize, root1, root2, [root2, .. proof]),
                ("preceding proof[0]", oldSize, newSize, root1, root2, [proof[0], .. proof]),
                ("truncated proof", oldSize, newSize, root1, root2, proof[..^1]),
            };
            for (var i = 0; i < proof.Count; i++)
            {
                probes.Add(($"flipped bit 4 of proof[{i}]", oldSize, newSize, root1, root2, FlipBit(proof, i, 16)));
            }

            foreach (var probe in probes)
            {
                Assert.False(
                    MerkleProofs.VerifyConsistency(probe.OldSize, probe.NewSize, probe.Proof, probe.Root1, probe.Root2),
                    $"consistency ({oldSize}, {newSize}) verified with {probe.What}");
            }
        }
    }

    [Fact]
    public void VerifyConsistency_TrivialCases_FollowRfc9162()
    {
        var root1 = "don't care 1"u8.ToArray();
        var root2 = "don't care 2"u8.ToArray();
        var empty = s_tree.Roots[0];
        Assert.True(MerkleProofs.VerifyConsistency(0, 0, [], root1, root1));
        Assert.True(MerkleProofs.VerifyConsistency(0, 1, [], root1, root2));
        Assert.True(MerkleProofs.VerifyConsistency(1, 1, [], root2, root2));
        Assert.False(MerkleProofs.VerifyConsistency(0, 0, [], root1, root2));
        Assert.False(MerkleProofs.VerifyConsistency(1, 1, [], root1, root2));
        Assert.False(MerkleProofs.VerifyConsistency(1, 0, [], root1, root2));
        Assert.False(MerkleProofs.VerifyConsistency(2, 1, [], root1, root2));
        Assert.False(MerkleProofs.VerifyConsistency(1, 2, [], root1, root2));
        Assert.False(MerkleProofs.VerifyConsistency(0, 0, [empty], empty, empty));
        Assert.False(MerkleProofs.VerifyConsistency(0, 1, [empty], empty, empty));
        Assert.False(MerkleProofs.VerifyConsistency(1, 1, [empty], empty, empty));
    }

    [Fact]
    public void VerifyInclusion_InTreesOfSizeZeroOrBeyondTheSize_IsRejected()
    {
        var someHash = Convert.FromHexString("abacaba000000000000000000000000000000000000000000060061e00123456");
        foreach (var (index, size) in new (long, long)[] { (0, 0), (1, 0), (2, 1), (-1, 1) })
        {
            Assert.False(MerkleProofs.VerifyInclusion(someHash, index, size, [], []));
            Assert.False(MerkleProofs.VerifyInclusion(someHash, index, size, [], s_tree.Roots[0]));
        }
    }

    private static List<byte[]> FlipBit(List<byte[]> proof, int element, byte mask)
    {
        var copy = proof.Select(p => p.ToArray()).ToList();
        copy[element][0] ^= mask;
        return copy;
    }

    private static List<string> Hex(IEnumerable<byte[]> hashes) => [.. hashes.Select(Convert.ToHexStringLower)];
}
