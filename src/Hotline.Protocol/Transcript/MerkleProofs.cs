namespace Hotline.Protocol.Transcript;

/// <summary>
/// RFC 6962 §2.1.1 inclusion proofs and §2.1.2 consistency proofs, generated from the leaf hashes and verified with
/// the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2.
/// </summary>
public static class MerkleProofs
{
    /// <summary>MTH(D[start:end]) over leaf hashes.</summary>
    public static byte[] SubtreeRoot(IReadOnlyList<byte[]> leafHashes, long start, long end)
    {
        var n = end - start;
        if (n == 0)
        {
            return MerkleHash.EmptyRoot();
        }

        if (n == 1)
        {
            return leafHashes[(int)start];
        }

        var k = MerkleHash.SplitPoint(n);
        return MerkleHash.Node(SubtreeRoot(leafHashes, start, start + k), SubtreeRoot(leafHashes, start + k, end));
    }

    /// <summary>PATH(m, D[0:n]): the inclusion proof of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves.</summary>
    public static List<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, long index, long size)
    {
        if (index < 0 || index >= size || size > leafHashes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "The leaf is not in the tree.");
        }

        var proof = new List<byte[]>();
        Path(leafHashes, index, 0, size, proof);
        return proof;
    }

    private static void Path(IReadOnlyList<byte[]> leaves, long m, long start, long end, List<byte[]> proof)
    {
        var n = end - start;
        if (n <= 1)
        {
            return;
        }

        var k = MerkleHash.SplitPoint(n);
        if (m < k)
        {
            Path(leaves, m, start, start + k, proof);
            proof.Add(SubtreeRoot(leaves, start + k, end));
        }
        else
        {
            Path(leaves, m - k, start + k, end, proof);
            proof.Add(SubtreeRoot(leaves, start, start + k));
        }
    }

    /// <summary>PROOF(m, D[0:n]): the consistency proof between the trees of sizes <paramref name="oldSize"/> and <paramref name="newSize"/>.</summary>
    public static List<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, long oldSize, long newSize)
    {
        if (oldSize < 0 || oldSize > newSize || newSize > leafHashes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(oldSize), "Sizes out of range.");
        }

        var proof = new List<byte[]>();
        if (oldSize > 0 && oldSize < newSize)
        {
            SubProof(leafHashes, oldSize, 0, newSize, true, proof);
        }

        return proof;
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, long m, long start, long end, bool complete, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(SubtreeRoot(leaves, start, end));
            }

            return;
        }

        var k = MerkleHash.SplitPoint(n);
        if (m <= k)
        {
            SubProof(leaves, m, start, start + k, complete, proof);
            proof.Add(SubtreeRoot(leaves, start + k, end));
        }
        else
        {
            SubProof(leaves, m - k, start + k, end, false, proof);
            proof.Add(SubtreeRoot(leaves, start, start + k));
        }
    }

    /// <summary>RFC 9162 §2.1.3.2: does <paramref name="proof"/> show leaf <paramref name="index"/> under <paramref name="root"/>?</summary>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size)
        {
            return false;
        }

        long fn = index, sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0 || p.Length != MerkleHash.Size)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2: is the tree (<paramref name="newSize"/>, <paramref name="newRoot"/>) an append-only extension of (<paramref name="oldSize"/>, <paramref name="oldRoot"/>)?</summary>
    public static bool VerifyConsistency(long oldSize, long newSize, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot)
    {
        if (oldSize < 0 || oldSize > newSize)
        {
            return false;
        }

        if (oldSize == newSize)
        {
            return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        }

        if (oldSize == 0)
        {
            return proof.Count == 0;
        }

        if (proof.Count == 0 || proof.Any(p => p.Length != MerkleHash.Size))
        {
            return false;
        }

        var path = new List<byte[]>(proof);
        if (IsPowerOfTwo(oldSize))
        {
            path.Insert(0, oldRoot.ToArray());
        }

        long fn = oldSize - 1, sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(oldRoot) && sr.AsSpan().SequenceEqual(newRoot);
    }

    private static bool IsPowerOfTwo(long n) => (n & (n - 1)) == 0;
}
