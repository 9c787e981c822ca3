using Hotline.Protocol.Tiles;

namespace Hotline.Protocol.Tests.Tiles;

/// <summary>Which tiles a tree of a given size has (C2SP tlog-tiles v0.1.0 §Partial Tiles).</summary>
public sealed class TileLayoutTests
{
    [Fact]
    public void Size70000_IsTheSpecExample()
    {
        var layout = TileLayout.For(70_000);
        Assert.Equal(3, layout.Levels);
        Assert.Equal((273L, 112), (layout.FullTiles(0), layout.PartialWidth(0)));
        Assert.Equal((1L, 17), (layout.FullTiles(1), layout.PartialWidth(1)));
        Assert.Equal((0L, 1), (layout.FullTiles(2), layout.PartialWidth(2)));
        Assert.Equal(0, layout.HashesAt(3));
        Assert.Equal(273 + 1 + 1 + 1 + 1, layout.HashTiles.Count());
        Assert.Equal(
            ["tile/0/272", "tile/0/273.p/112", "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1"],
            layout.HashTiles.Skip(272).Select(t => t.Path));
        Assert.Equal(274, layout.EntryBundles.Count());
        Assert.Equal("tile/entries/273.p/112", layout.EntryBundles.Last().EntriesPath);
    }

    [Fact]
    public void Size256_IsAFullLevel0TileAndALevel1TileOfWidth1()
        => Assert.Equal(["tile/0/000", "tile/1/000.p/1"], TileLayout.For(256).HashTiles.Select(t => t.Path));

    [Fact]
    public void Size0_HasNoTiles()
    {
        Assert.Equal(0, TileLayout.For(0).Levels);
        Assert.Empty(TileLayout.For(0).HashTiles);
        Assert.Empty(TileLayout.For(0).EntryBundles);
    }

    [Fact]
    public void TheLargestTree_HasEightLevels_AndNoneAbove()
    {
        var layout = TileLayout.For(long.MaxValue);
        Assert.Equal(8, layout.Levels);
        Assert.Equal(127, layout.PartialWidth(7));
        Assert.Equal(0, layout.HashesAt(8));
        Assert.Equal(0, layout.HashesAt(63));
    }

    public static TheoryData<long> Sizes => new(GoTileVectors.Sizes);

    /// <summary>x/mod's NewTiles(8, 0, size), keeping its full tiles and each level's widest partial tile.</summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void HashTiles_MatchGo(long size)
    {
        var expected = GoTileVectors.Lines("layout.txt", "layout").Where(f => GoTileVectors.Number(f[0]) == size).Select(f => GoTileVectors.FromGo(f[1]));
        Assert.Equal(expected, TileLayout.For(size).HashTiles.Select(t => t.Path));
    }

    [Fact]
    public void Contains_ExactlyTheListedTiles()
    {
        var layout = TileLayout.For(70_000);
        Assert.All(layout.HashTiles, t => Assert.True(layout.Contains(t)));
        Assert.False(layout.Contains(new Tile(0, 273)));
        Assert.False(layout.Contains(new Tile(0, 273, 111)));
        Assert.False(layout.Contains(new Tile(0, 272, 112)));
        Assert.False(layout.Contains(new Tile(2, 0)));
        Assert.False(layout.Contains(new Tile(3, 0, 1)));
        Assert.False(layout.Contains(new Tile(9, 0, 1)));
    }

    [Theory]
    [InlineData(0L, 1L)]
    [InlineData(0L, 70_000L)]
    [InlineData(255L, 256L)]
    [InlineData(256L, 257L)]
    [InlineData(257L, 258L)]
    [InlineData(257L, 70_000L)]
    [InlineData(65_535L, 65_536L)]
    [InlineData(70_000L, 70_000L)]
    public void TilesSince_AreTheNewTreesTilesTheOldOneLacks(long oldSize, long newSize)
    {
        var old = TileLayout.For(oldSize);
        var expected = TileLayout.For(newSize).HashTiles.Where(t => !old.Contains(t));
        Assert.Equal(expected, TileLayout.For(newSize).TilesSince(oldSize));
    }

    [Fact]
    public void TilesSince_ALargerSize_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => TileLayout.For(5).TilesSince(6));
}
