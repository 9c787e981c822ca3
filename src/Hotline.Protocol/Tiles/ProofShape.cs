using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tiles;

/// <summary>
/// Which subtrees D[start:end] an RFC 6962 §2.1.1 inclusion proof and §2.1.2 consistency proof consist of, deepest
/// first, so that their hashes can be looked up in tiles instead of recomputed from every leaf. Each range is either
/// a perfect subtree or the right edge of one, i.e. <c>start</c> is a multiple of the largest power of two not above
/// <c>end − start</c> (see <see cref="TileSet"/>, which reads such a range as a fold of perfect subtrees).
/// </summary>
public static class ProofShape
{
    /// <summary>PATH(index, D[0:size]) unrolled: walk from the root to the leaf, taking the sibling at each split.</summary>
    public static List<(long Start, long End)> Inclusion(long index, long size) => Walk(index, size, consistency: false);

    /// <summary>PROOF(oldSize, D[0:newSize]) unrolled (SUBPROOF with its "complete subtree" flag); empty for
    /// oldSize 0 or oldSize = newSize.</summary>
    public static List<(long Start, long End)> Consistency(long oldSize, long newSize)
        => oldSize == 0 || oldSize == newSize ? [] : Walk(oldSize, newSize, consistency: true);

    private static List<(long Start, long End)> Walk(long m, long size, bool consistency)
    {
        var ranges = new List<(long Start, long End)>();
        long start = 0, end = size;
        var complete = true;
        // An inclusion proof descends to the single leaf m; a consistency proof to the subtree holding the last m
        // leaves of the old tree, whose hash it includes unless the walk never turned right (the old tree is then a
        // perfect left subtree, and the verifier has its root).
        while (consistency ? m != end - start : end - start > 1)
        {
            var k = MerkleHash.SplitPoint(end - start);
            if (consistency ? m <= k : m < k)
            {
                ranges.Add((start + k, end));
                end = start + k;
            }
            else
            {
                ranges.Add((start, start + k));
                m -= k;
                start += k;
                complete = false;
            }
        }

        if (consistency && !complete)
        {
            ranges.Add((start, end));
        }

        ranges.Reverse();
        return ranges;
    }
}
