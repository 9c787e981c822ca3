using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Transcript;

/// <summary>
/// Exhaustive checks over small trees of random leaves (fixed seeds): the frontier agrees with the recursive
/// definition, every generated proof verifies, and every damaged proof is refused.
/// </summary>
public sealed class MerkleProofPropertyTests
{
    private const int MaxProofTreeSize = 70;

    private static List<byte[]> RandomLeafHashes(int count, int seed)
    {
        var random = new Random(seed);
        var leaves = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var entry = new byte[random.Next(0, 40)];
            random.NextBytes(entry);
            leaves.Add(MerkleHash.Leaf([.. entry, (byte)i, (byte)(i >> 8)]));
        }

        return leaves;
    }

    private static List<byte[]> Roots(List<byte[]> leaves)
        => [.. Enumerable.Range(0, leaves.Count + 1).Select(size => MerkleProofs.SubtreeRoot(leaves, 0, size))];

    [Fact]
    public void FrontierRoot_EqualsSubtreeRoot_ForEverySizeUpTo300()
    {
        var leaves = RandomLeafHashes(300, seed: 6962);
        var frontier = MerkleFrontier.Empty();
        Assert.Equal(MerkleProofs.SubtreeRoot(leaves, 0, 0), frontier.Root());
        for (var size = 1; size <= 300; size++)
        {
            frontier.Append(leaves[size - 1]);
            Assert.Equal(size, frontier.Size);
            Assert.Equal(MerkleProofs.SubtreeRoot(leaves, 0, size), frontier.Root());
        }
    }

    [Fact]
    public void VerifyInclusion_AcceptsEveryGeneratedProof_UpToSize70()
    {
        var leaves = RandomLeafHashes(MaxProofTreeSize, seed: 1);
        var roots = Roots(leaves);
        for (var size = 1; size <= MaxProofTreeSize; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var proof = MerkleProofs.InclusionProof(leaves, index, size);
                Assert.True(MerkleProofs.VerifyInclusion(leaves[index], index, size, proof, roots[size]), $"({index}, {size})");
            }
        }
    }

    [Fact]
    public void VerifyInclusion_WithAnyFlippedByte_Fails_UpToSize70()
    {
        var leaves = RandomLeafHashes(MaxProofTreeSize, seed: 2);
        var roots = Roots(leaves);
        for (var size = 1; size <= MaxProofTreeSize; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var proof = MerkleProofs.InclusionProof(leaves, index, size);
                for (var element = 0; element < proof.Count; element++)
                {
                    var position = (index + element) % MerkleHash.Size;
                    proof[element][position] ^= 0x01;
                    Assert.False(MerkleProofs.VerifyInclusion(leaves[index], index, size, proof, roots[size]), $"({index}, {size}) element {element}");
                    proof[element][position] ^= 0x01;
                }

                var leaf = leaves[index].ToArray();
                leaf[index % MerkleHash.Size] ^= 0x80;
                Assert.False(MerkleProofs.VerifyInclusion(leaf, index, size, proof, roots[size]));
                var root = roots[size].ToArray();
                root[31] ^= 0x01;
                Assert.False(MerkleProofs.VerifyInclusion(leaves[index], index, size, proof, root));
            }
        }
    }

    [Fact]
    public void VerifyInclusion_AtAnyOtherIndex_Fails_UpToSize70()
    {
        var leaves = RandomLeafHashes(MaxProofTreeSize, seed: 3);
        var roots = Roots(leaves);
        for (var size = 1; size <= MaxProofTreeSize; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var proof = MerkleProofs.InclusionProof(leaves, index, size);
                for (var other = -1; other <= size; other++)
                {
                    if (other != index)
                    {
                        Assert.False(MerkleProofs.VerifyInclusion(leaves[index], other, size, proof, roots[size]), $"({index}, {size}) as {other}");
                    }
                }
            }
        }
    }

    [Fact]
    public void VerifyInclusion_InTheTreeOfAnotherSize_Fails_UpToSize70()
    {
        // A proof for the tree of size n does not prove inclusion in the tree of size n' (with that tree's root).
        var leaves = RandomLeafHashes(MaxProofTreeSize + 1, seed: 4);
        var roots = Roots(leaves);
        for (var size = 1; size <= MaxProofTreeSize; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var proof = MerkleProofs.InclusionProof(leaves, index, size);
                foreach (var other in new[] { index + 1, size - 1, size + 1 }.Where(o => o > index && o != size && o < roots.Count))
                {
                    Assert.False(MerkleProofs.VerifyInclusion(leaves[index], index, other, proof, roots[other]), $"({index}, {size}) in {other}");
                }

                Assert.False(MerkleProofs.VerifyInclusion(leaves[index], index, 2 * size, proof, roots[size]), $"({index}, {size}) as size {2 * size}");
            }
        }
    }

    [Fact]
    public void VerifyConsistency_AcceptsEveryGeneratedProof_UpToSize70()
    {
        var leaves = RandomLeafHashes(MaxProofTreeSize, seed: 5);
        var roots = Roots(leaves);
        for (var newSize = 0; newSize <= MaxProofTreeSize; newSize++)
        {
            for (var oldSize = 0; oldSize <= newSize; oldSize++)
            {
                var proof = MerkleProofs.ConsistencyProof(leaves, oldSize, newSize);
                Assert.Equal(oldSize == 0 || oldSize == newSize, proof.Count == 0);
                Assert.True(MerkleProofs.VerifyConsistency(oldSize, newSize, proof, roots[oldSize], roots[newSize]), $"({oldSize}, {newSize})");
            }
        }
    }

    [Fact]
    public void VerifyConsistency_WithAnyFlippedByteOrWrongSizeOrWrongRoot_Fails_UpToSize70()
    {
        var leaves = RandomLeafHashes(MaxProofTreeSize + 1, seed: 6);
        var roots = Roots(leaves);
        for (var newSize = 2; newSize <= MaxProofTreeSize; newSize++)
        {
            for (var oldSize = 1; oldSize < newSize; oldSize++)
            {
                var proof = MerkleProofs.ConsistencyProof(leaves, oldSize, newSize);
                var what = $"({oldSize}, {newSize})";
                for (var element = 0; element < proof.Count; element++)
                {
                    var position = (oldSize + element) % MerkleHash.Size;
                    proof[element][position] ^= 0x10;
                    Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, proof, roots[oldSize], roots[newSize]), $"{what} element {element}");
                    proof[element][position] ^= 0x10;
                }

                foreach (var other in new[] { oldSize - 1, oldSize + 1 })
                {
                    Assert.False(MerkleProofs.VerifyConsistency(other, newSize, proof, roots[other], roots[newSize]), $"{what} old size {other}");
                    Assert.False(MerkleProofs.VerifyConsistency(other, newSize, proof, roots[oldSize], roots[newSize]), $"{what} old size {other}, old root");
                }

                foreach (var other in new[] { newSize - 1, newSize + 1 })
                {
                    if (other > oldSize)
                    {
                        Assert.False(MerkleProofs.VerifyConsistency(oldSize, other, proof, roots[oldSize], roots[other]), $"{what} new size {other}");
                    }
                }

                Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, proof, roots[newSize], roots[oldSize]), $"{what} swapped roots");
                Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, proof, roots[oldSize], roots[newSize + 1]), $"{what} later root");
                Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, proof[..^1], roots[oldSize], roots[newSize]), $"{what} truncated");
                Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, [.. proof, roots[0]], roots[oldSize], roots[newSize]), $"{what} extended");
            }
        }
    }

    [Fact]
    public void Proofs_ForLeavesOutsideTheTree_AreMisuseAndThrow()
    {
        var leaves = RandomLeafHashes(4, seed: 7);
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.InclusionProof(leaves, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.InclusionProof(leaves, -1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.InclusionProof(leaves, 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.ConsistencyProof(leaves, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.ConsistencyProof(leaves, 1, 5));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 4)]
    [InlineData(8, 4)]
    [InlineData(9, 8)]
    [InlineData(1L << 40, 1L << 39)]
    [InlineData((1L << 40) + 1, 1L << 40)]
    public void SplitPoint_IsTheLargestPowerOfTwoBelowN(long n, long expected)
        => Assert.Equal(expected, MerkleHash.SplitPoint(n));
}
