using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tiles;

/// <summary>
/// The contents of hash tiles, as a log writes them (C2SP tlog-tiles v0.1.0 §Merkle Tree): a tile is its hashes
/// concatenated, 32 bytes each, no header. Level-0 tiles hold leaf hashes; hash i of tile n at level l is the root of
/// the perfect subtree of 256^l leaves starting at leaf (n·256 + i)·256^l, which is <see cref="Root"/> of the full
/// tile n·256 + i at level l − 1.
/// </summary>
public static class TileHashes
{
    /// <summary>The bytes of <paramref name="tile"/>; <paramref name="leafHashes"/> must hold every leaf it covers.</summary>
    public static byte[] Compute(IReadOnlyList<byte[]> leafHashes, Tile tile)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (tile.Level >= 8)
        {
            throw new ArgumentOutOfRangeException(nameof(tile), "A tree of at most 2^63−1 leaves has no tile above level 7.");
        }

        var leavesPerHash = 1L << (8 * tile.Level);
        var start = checked(tile.Index * Tile.FullWidth * leavesPerHash);
        if (checked(start + (tile.Width * leavesPerHash)) > leafHashes.Count)
        {
            throw new ArgumentException($"Tile {tile} covers leaves beyond the {leafHashes.Count} leaf hashes given.", nameof(tile));
        }

        var data = new byte[tile.DataLength];
        for (var i = 0; i < tile.Width; i++)
        {
            var first = start + (i * leavesPerHash);
            var hash = leavesPerHash == 1 ? leafHashes[(int)first] : MerkleProofs.SubtreeRoot(leafHashes, first, first + leavesPerHash);
            CopyHash(hash, data, i);
        }

        return data;
    }

    /// <summary>
    /// Every tile of the tree of <c>leafHashes.Count</c> leaves, in the order of <see cref="TileLayout.HashTiles"/>;
    /// each level is built from the roots of the full tiles of the level below, so the whole set costs about one
    /// hash per leaf.
    /// </summary>
    public static IEnumerable<(Tile Tile, byte[] Data)> ComputeAll(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        return ComputeLevels(leafHashes);
    }

    private static IEnumerable<(Tile Tile, byte[] Data)> ComputeLevels(IReadOnlyList<byte[]> leafHashes)
    {
        var layout = TileLayout.For(leafHashes.Count);
        var hashes = leafHashes;
        for (var level = 0; level < layout.Levels; level++)
        {
            var above = new List<byte[]>();
            foreach (var tile in layout.TilesAt(level))
            {
                var data = new byte[tile.DataLength];
                for (var i = 0; i < tile.Width; i++)
                {
                    CopyHash(hashes[(int)((tile.Index * Tile.FullWidth) + i)], data, i);
                }

                if (tile.IsFull)
                {
                    above.Add(Root(data));
                }

                yield return (tile, data);
            }

            hashes = above;
        }
    }

    /// <summary>
    /// The RFC 6962 tree hash over the 1–256 hashes in <paramref name="tileData"/> (or any part of a tile): for a full
    /// tile, the hash that stands for it in the tile above.
    /// </summary>
    public static byte[] Root(ReadOnlySpan<byte> tileData)
    {
        if (tileData.Length == 0 || tileData.Length % MerkleHash.Size != 0 || tileData.Length > Tile.FullWidth * MerkleHash.Size)
        {
            throw new ArgumentException("Tile data is 1 to 256 hashes of 32 bytes.", nameof(tileData));
        }

        var hashes = new byte[tileData.Length / MerkleHash.Size][];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = tileData.Slice(i * MerkleHash.Size, MerkleHash.Size).ToArray();
        }

        return MerkleProofs.SubtreeRoot(hashes, 0, hashes.Length);
    }

    private static void CopyHash(byte[] hash, byte[] data, int position)
    {
        if (hash.Length != MerkleHash.Size)
        {
            throw new ArgumentException("A leaf hash is 32 bytes.", nameof(hash));
        }

        hash.CopyTo(data, position * MerkleHash.Size);
    }
}
