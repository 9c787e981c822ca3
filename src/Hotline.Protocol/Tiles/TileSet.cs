using System.Numerics;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tiles;

/// <summary>
/// The hash tiles of one tree of <see cref="Size"/> leaves as a verifier holds them (read from a directory or
/// fetched): it recomputes the root, any leaf hash and any inclusion or consistency proof from tile hashes alone, so
/// the result can be checked against a signed checkpoint. Every subtree the computation needs is a perfect subtree
/// of 2^k leaves starting at a multiple of 2^k; its hash is the tree hash of 2^(k mod 8) consecutive hashes in one
/// tile at level ⌊k / 8⌋. The root needs only the partial tile of each level.
/// </summary>
/// <remarks>
/// Tiles are read on first use through the function given and kept; a missing partial tile is looked for as the
/// full tile of the same index, whose first hashes it is (C2SP: logs may delete a partial tile once the full tile
/// exists). Nothing read is trusted until <see cref="TryVerify"/> or a proof check against a signed root succeeds.
/// Not thread-safe.
/// </remarks>
public sealed class TileSet
{
    private readonly TileLayout _layout;
    private readonly Func<Tile, byte[]?> _readTile;
    private readonly Dictionary<Tile, byte[]> _tiles = [];

    /// <summary>A tile set that asks <paramref name="readTile"/> for each tile it needs (null when there is none).</summary>
    public TileSet(long size, Func<Tile, byte[]?> readTile)
    {
        ArgumentNullException.ThrowIfNull(readTile);
        _layout = TileLayout.For(size);
        _readTile = readTile;
    }

    /// <summary>A tile set over tiles already in memory, keyed by their exact coordinates.</summary>
    public TileSet(long size, IReadOnlyDictionary<Tile, byte[]> tiles)
        : this(size, tile => tiles.GetValueOrDefault(tile))
    {
    }

    /// <summary>The tree size.</summary>
    public long Size => _layout.Size;

    /// <summary>MTH(D[0:Size]); SHA-256 of the empty string for size 0.</summary>
    public bool TryGetRoot(out byte[] root, out string? error)
    {
        if (Size == 0)
        {
            root = MerkleHash.EmptyRoot();
            error = null;
            return true;
        }

        return TryRangeHash(0, Size, out root, out error);
    }

    /// <summary>The leaf hash at <paramref name="index"/>, read from its level-0 tile.</summary>
    public bool TryGetLeafHash(long index, out byte[] leafHash, out string? error)
    {
        if (index < 0 || index >= Size)
        {
            leafHash = [];
            error = $"leaf {index} is not in the tree of size {Size}";
            return false;
        }

        return TryRangeHash(index, index + 1, out leafHash, out error);
    }

    /// <summary>The RFC 6962 inclusion proof of leaf <paramref name="index"/> in this tree (as MerkleProofs.InclusionProof).</summary>
    public bool TryGetInclusionProof(long index, out List<byte[]> proof, out string? error)
    {
        proof = [];
        if (index < 0 || index >= Size)
        {
            error = $"leaf {index} is not in the tree of size {Size}";
            return false;
        }

        return TryRangeHashes(ProofShape.Inclusion(index, Size), proof, out error);
    }

    /// <summary>The RFC 6962 consistency proof from the tree of <paramref name="oldSize"/> leaves to this one.</summary>
    public bool TryGetConsistencyProof(long oldSize, out List<byte[]> proof, out string? error)
    {
        proof = [];
        if (oldSize < 0 || oldSize > Size)
        {
            error = $"size {oldSize} is not between 0 and the tree size {Size}";
            return false;
        }

        return TryRangeHashes(ProofShape.Consistency(oldSize, Size), proof, out error);
    }

    /// <summary>
    /// Checks the whole set against a signed root: every tile of <see cref="TileLayout.For"/>(Size) is there with its
    /// exact length, the partial tiles give <paramref name="root"/>, and every full tile hashes to its entry in the
    /// tile above. When this holds, every hash in every tile is the one the signed tree has.
    /// </summary>
    public bool TryVerify(ReadOnlySpan<byte> root, out string? error)
    {
        foreach (var tile in _layout.HashTiles)
        {
            if (!TryLoad(tile.Level, tile.Index, out _, out error))
            {
                return false;
            }
        }

        if (!TryGetRoot(out var computed, out error))
        {
            return false;
        }

        if (!computed.AsSpan().SequenceEqual(root))
        {
            error = $"the tiles give the root {Convert.ToBase64String(computed)}, not the signed {Convert.ToBase64String(root)}";
            return false;
        }

        foreach (var tile in _layout.HashTiles.Where(t => t.IsFull))
        {
            var start = tile.Index * Tile.FullWidth << (8 * tile.Level);
            if (!TryPerfectSubtree(start, 8 * (tile.Level + 1), out var expected, out error))
            {
                return false;
            }

            if (!TileHashes.Root(_tiles[tile]).AsSpan().SequenceEqual(expected))
            {
                error = $"tile {tile} does not hash to hash {tile.Index % Tile.FullWidth} of tile {TileAt(tile.Level + 1, tile.Index / Tile.FullWidth)}";
                return false;
            }
        }

        error = null;
        return true;
    }

    private bool TryRangeHashes(List<(long Start, long End)> ranges, List<byte[]> hashes, out string? error)
    {
        foreach (var (start, end) in ranges)
        {
            if (!TryRangeHash(start, end, out var hash, out error))
            {
                return false;
            }

            hashes.Add(hash);
        }

        error = null;
        return true;
    }

    /// <summary>MTH(D[start:end]) for a range whose start is a multiple of the largest power of two not above its
    /// length (every range of a proof or root is): the fold, right to left, of its perfect subtrees, largest first.</summary>
    private bool TryRangeHash(long start, long end, out byte[] hash, out string? error)
    {
        hash = [];
        var subtrees = new List<byte[]>();
        for (var position = start; position < end;)
        {
            var log2 = position == 0 ? 62 : BitOperations.TrailingZeroCount(position);
            while (1L << log2 > end - position)
            {
                log2--;
            }

            if (!TryPerfectSubtree(position, log2, out var subtree, out error))
            {
                return false;
            }

            subtrees.Add(subtree);
            position += 1L << log2;
        }

        hash = subtrees[^1];
        for (var i = subtrees.Count - 2; i >= 0; i--)
        {
            hash = MerkleHash.Node(subtrees[i], hash);
        }

        error = null;
        return true;
    }

    /// <summary>The hash of the 2^log2 leaves from <paramref name="start"/> (a multiple of 2^log2), from one tile.</summary>
    private bool TryPerfectSubtree(long start, int log2, out byte[] hash, out string? error)
    {
        hash = [];
        var level = log2 / 8;
        var count = 1 << (log2 % 8);
        var position = start >> (8 * level);
        if (!TryLoad(level, position / Tile.FullWidth, out var data, out error))
        {
            return false;
        }

        var offset = (int)(position % Tile.FullWidth) * MerkleHash.Size;
        hash = TileHashes.Root(data.AsSpan(offset, count * MerkleHash.Size));
        return true;
    }

    /// <summary>This tree's tile at (level, index): full, or the partial one.</summary>
    private Tile TileAt(int level, long index)
        => new(level, index, index < _layout.FullTiles(level) ? Tile.FullWidth : _layout.PartialWidth(level));

    /// <summary>The contents of <see cref="TileAt"/>, read once, with its length checked.</summary>
    private bool TryLoad(int level, long index, out byte[] data, out string? error)
    {
        var tile = TileAt(level, index);
        if (_tiles.TryGetValue(tile, out data!))
        {
            error = null;
            return true;
        }

        var read = _readTile(tile);
        if (read is null && !tile.IsFull && _readTile(new Tile(level, index)) is { Length: Tile.FullWidth * MerkleHash.Size } full)
        {
            read = full[..tile.DataLength];
        }

        if (read is null)
        {
            data = [];
            error = $"tile {tile} is missing";
            return false;
        }

        if (read.Length != tile.DataLength)
        {
            data = [];
            error = $"tile {tile} is {read.Length} bytes; a tile of width {tile.Width} is {tile.DataLength}";
            return false;
        }

        _tiles[tile] = read;
        data = read;
        error = null;
        return true;
    }
}
