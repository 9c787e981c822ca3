namespace Hotline.Protocol.Tiles;

/// <summary>
/// Which tiles a tree of <see cref="Size"/> leaves has (C2SP tlog-tiles v0.1.0 §Partial Tiles). Level l holds
/// <c>s_l = ⌊size / 256^l⌋</c> hashes: <c>⌊s_l / 256⌋</c> full tiles, then, if <c>s_l mod 256 ≠ 0</c>, one partial
/// tile of that width. Levels go up while <c>s_l &gt; 0</c>; a tree of size 0 has no tiles. Entry bundles have the
/// coordinates of the level-0 tiles. Example: 70,000 leaves → 273 full level-0 tiles and one of width 112, one full
/// level-1 tile and one of width 17, one level-2 tile of width 1.
/// </summary>
public sealed class TileLayout
{
    private TileLayout(long size) => Size = size;

    /// <summary>The tree size.</summary>
    public long Size { get; }

    /// <summary>The number of levels that hold at least one tile (0 for the empty tree, at most 8).</summary>
    public int Levels
    {
        get
        {
            var levels = 0;
            while (HashesAt(levels) > 0)
            {
                levels++;
            }

            return levels;
        }
    }

    /// <summary>The layout of the tree of <paramref name="size"/> leaves.</summary>
    public static TileLayout For(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new TileLayout(size);
    }

    /// <summary>How many hashes level <paramref name="level"/> holds: ⌊size / 256^level⌋.</summary>
    public long HashesAt(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        // C# masks a long's shift count to 6 bits: 8 × 8 = 64 would shift by 0, so levels from 8 up hold nothing.
        return level >= 8 ? 0 : Size >> (8 * level);
    }

    /// <summary>The number of full tiles at <paramref name="level"/>.</summary>
    public long FullTiles(int level) => HashesAt(level) / Tile.FullWidth;

    /// <summary>The width of the partial tile at <paramref name="level"/>, or 0 if the level has none.</summary>
    public int PartialWidth(int level) => (int)(HashesAt(level) % Tile.FullWidth);

    /// <summary>The tiles of <paramref name="level"/>: the full ones by index, then the partial one.</summary>
    public IEnumerable<Tile> TilesAt(int level)
    {
        var full = FullTiles(level);
        for (long index = 0; index < full; index++)
        {
            yield return new Tile(level, index);
        }

        if (PartialWidth(level) > 0)
        {
            yield return new Tile(level, full, PartialWidth(level));
        }
    }

    /// <summary>Every hash tile, level by level from 0, each level as in <see cref="TilesAt"/>.</summary>
    public IEnumerable<Tile> HashTiles => Enumerable.Range(0, Levels).SelectMany(TilesAt);

    /// <summary>Every entry bundle, as the level-0 tile with its index and width (see <see cref="Tile.EntriesPath"/>).</summary>
    public IEnumerable<Tile> EntryBundles => TilesAt(0);

    /// <summary>Whether <paramref name="tile"/> is one of this tree's tiles (full, or the partial one of its width).</summary>
    public bool Contains(Tile tile)
    {
        var full = FullTiles(tile.Level);
        return tile.IsFull ? tile.Index < full : tile.Index == full && tile.Width == PartialWidth(tile.Level);
    }

    /// <summary>The tiles of this tree that the tree of <paramref name="oldSize"/> ≤ <see cref="Size"/> leaves does not
    /// have: what a log publishes when it grows (full tiles completed since, and the new partial tiles).</summary>
    public IEnumerable<Tile> TilesSince(long oldSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, Size);
        return NewTiles(For(oldSize));
    }

    private IEnumerable<Tile> NewTiles(TileLayout old)
    {
        for (var level = 0; level < Levels; level++)
        {
            for (var index = old.FullTiles(level); index < FullTiles(level); index++)
            {
                yield return new Tile(level, index);
            }

            if (PartialWidth(level) > 0)
            {
                var partial = new Tile(level, FullTiles(level), PartialWidth(level));
                if (!old.Contains(partial))
                {
                    yield return partial;
                }
            }
        }
    }
}
