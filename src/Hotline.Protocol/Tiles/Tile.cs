using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tiles;

/// <summary>
/// C2SP tlog-tiles v0.1.0 (§Merkle Tree): the coordinates of one hash tile. Tile <see cref="Index"/> n at
/// <see cref="Level"/> l holds <see cref="Width"/> consecutive 32-byte hashes, hash i being
/// <c>MTH(D[(n·256 + i)·256^l : (n·256 + i + 1)·256^l])</c>. A full tile holds 256 hashes (8,192 bytes); a partial
/// tile 1–255 and is never hashed into the level above. The entry bundle with the same index and width holds the
/// entries whose leaf hashes make up the level-0 tile, so level-0 coordinates also name entry bundles.
/// </summary>
public readonly record struct Tile
{
    /// <summary>Hashes in a full tile: a tile is a subtree of height 8.</summary>
    public const int FullWidth = 256;

    /// <summary>The highest level a tile path may name (the spec's bound; a tree of at most 2^63−1 leaves uses 0–7).</summary>
    public const int MaxLevel = 63;

    /// <summary>A tile of <paramref name="width"/> hashes (1–256; 256 is full) at <paramref name="level"/>.</summary>
    public Tile(int level, long index, int width = FullWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, FullWidth);
        Level = level;
        Index = index;
        Width = width;
    }

    public int Level { get; }

    public long Index { get; }

    /// <summary>The number of hashes, 1–256.</summary>
    public int Width { get; }

    public bool IsFull => Width == FullWidth;

    /// <summary>The length of the tile's contents: <see cref="Width"/> × 32 bytes.</summary>
    public int DataLength => Width * MerkleHash.Size;

    /// <summary>The tile's path below the log prefix, e.g. <c>tile/1/x001/234.p/17</c>.</summary>
    public string Path => TilePath.Hash(Level, Index, Width);

    /// <summary>The path of the entry bundle with this index and width (level-0 tiles only).</summary>
    public string EntriesPath
        => Level == 0 ? TilePath.Entries(Index, Width) : throw new InvalidOperationException("Only level-0 tiles have entry bundles.");

    public override string ToString() => Path;
}
