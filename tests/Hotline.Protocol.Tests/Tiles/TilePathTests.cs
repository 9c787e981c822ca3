using Hotline.Protocol.Tiles;

namespace Hotline.Protocol.Tests.Tiles;

/// <summary>C2SP tlog-tiles v0.1.0 tile and entry bundle paths, written and parsed.</summary>
public sealed class TilePathTests
{
    [Theory]
    [InlineData(0L, "000")]
    [InlineData(5L, "005")]
    [InlineData(999L, "999")]
    [InlineData(1000L, "x001/000")]
    [InlineData(1234067L, "x001/x234/067")]
    [InlineData(1000000L, "x001/x000/000")]
    [InlineData(long.MaxValue, "x009/x223/x372/x036/x854/x775/807")]
    public void Index_IsWrittenInThreeDigitGroups_AllButTheLastWithAnX(long index, string encoded)
    {
        Assert.Equal("tile/0/" + encoded, TilePath.Hash(0, index));
        Assert.Equal("tile/entries/" + encoded, TilePath.Entries(index));
    }

    [Fact]
    public void PartialTiles_HaveTheWidthSuffix_FullTilesNone()
    {
        Assert.Equal("tile/1/x001/x234/067.p/17", TilePath.Hash(1, 1234067, 17));
        Assert.Equal("tile/63/005", TilePath.Hash(63, 5, 256));
        Assert.Equal("tile/2/005", TilePath.Hash(2, 5));
        Assert.Equal("tile/entries/273.p/112", TilePath.Entries(273, 112));
        Assert.Equal("tile/entries/273", TilePath.Entries(273, null));
        Assert.Equal("tile/0/273.p/112", new Tile(0, 273, 112).Path);
        Assert.Equal("tile/entries/273.p/112", new Tile(0, 273, 112).EntriesPath);
    }

    [Theory]
    [InlineData(-1, 0L, 256)]
    [InlineData(64, 0L, 256)]
    [InlineData(0, -1L, 256)]
    [InlineData(0, 0L, 0)]
    [InlineData(0, 0L, 257)]
    public void Writing_ANonexistentTile_Throws(int level, long index, int width)
        => Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.Hash(level, index, width));

    [Fact]
    public void EntriesPath_OfATileAboveLevel0_Throws()
        => Assert.Throws<InvalidOperationException>(() => new Tile(1, 0).EntriesPath);

    /// <summary>Every path x/mod's Tile.Path wrote (mapped to C2SP) is ours, and parses back to its coordinates.</summary>
    [Fact]
    public void Paths_MatchGo_AndParseBack()
    {
        var lines = GoTileVectors.Lines("paths.txt", "path").ToList();
        Assert.Equal(200, lines.Count);
        foreach (var (level, index, width, goPath) in lines.Select(f => (f[0], GoTileVectors.Number(f[1]), int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), f[3])))
        {
            var entries = level == "entries";
            var ours = entries ? TilePath.Entries(index, width) : TilePath.Hash(int.Parse(level, System.Globalization.CultureInfo.InvariantCulture), index, width);
            Assert.Equal(GoTileVectors.FromGo(goPath), ours);

            Assert.True(TilePath.TryParse(ours, out var tile, out var isEntryBundle, out var error), error);
            Assert.Equal(entries, isEntryBundle);
            Assert.Equal(entries ? 0 : int.Parse(level, System.Globalization.CultureInfo.InvariantCulture), tile.Level);
            Assert.Equal(index, tile.Index);
            Assert.Equal(width, tile.Width);
        }
    }

    [Theory]
    [InlineData("tile/0/005", 0, 5L, 256, false)]
    [InlineData("tile/7/x001/x234/067.p/255", 7, 1234067L, 255, false)]
    [InlineData("tile/63/000.p/1", 63, 0L, 1, false)]
    [InlineData("tile/entries/x001/000", 0, 1000L, 256, true)]
    [InlineData("tile/entries/273.p/112", 0, 273L, 112, true)]
    [InlineData("tile/0/x009/x223/x372/x036/x854/x775/807", 0, long.MaxValue, 256, false)]
    public void TryParse_OfACanonicalPath_GivesItsCoordinates(string path, int level, long index, int width, bool entries)
    {
        Assert.True(TilePath.TryParse(path, out var tile, out var isEntryBundle, out var error), error);
        Assert.Equal(new Tile(level, index, width), tile);
        Assert.Equal(entries, isEntryBundle);
        Assert.Null(error);
    }

    public static TheoryData<string, string> MalformedPaths => new()
    {
        { "", "tile/<level>" },
        { "tile", "tile/<level>" },
        { "tile/0", "tile/<level>" },
        { "tiles/0/005", "tile/<level>" },
        { "/tile/0/005", "tile/<level>" },
        { "tile/00/005", "the level '00'" },
        { "tile/01/005", "the level '01'" },
        { "tile/64/005", "the level '64'" },
        { "tile/-1/005", "the level '-1'" },
        { "tile/+1/005", "the level '+1'" },
        { "tile/data/005", "the level 'data'" },
        { "tile/Entries/005", "the level 'Entries'" },
        { "tile/8/0/005", "the index group '0'" },
        { "tile/0/5", "the last index group '5'" },
        { "tile/0/0005", "the last index group '0005'" },
        { "tile/0/x005", "the last index group 'x005'" },
        { "tile/0/001/000", "the index group '001'" },
        { "tile/0/x000/005", "the zero group 'x000'" },
        { "tile/0/x1/000", "the index group 'x1'" },
        { "tile/0/X001/000", "the index group 'X001'" },
        { "tile/0/x00a/000", "the index group 'x00a'" },
        { "tile/0/\u0661\u0662\u0663", "the last index group" },
        { "tile/0/005/", "the index group '005'" },
        { "tile/0/005.p", "the last index group '005.p'" },
        { "tile/0/005.p/", "the partial width ''" },
        { "tile/0/005.p/0", "the partial width '0'" },
        { "tile/0/005.p/256", "the partial width '256'" },
        { "tile/0/005.p/012", "the partial width '012'" },
        { "tile/0/005.p/1/2", "the index group '005.p'" },
        { "tile/0/.p/5", "the last index group ''" },
        { "tile/0/005.q/5", "the index group '005.q'" },
        { "tile/0/x009/x223/x372/x036/x854/x775/808", "larger than 2^63" },
        { "tile/0/x999/x999/x999/x999/x999/x999/999", "larger than 2^63" },
        { "tile/0/x001/x001/x001/x001/x001/x001/x001/001", "8 groups" },
        { "tile/entries/" + new string('x', 60), "longer than 64" },
        { "tile/0/005 ", "the last index group '005 '" },
    };

    [Theory]
    [MemberData(nameof(MalformedPaths))]
    public void TryParse_OfAMalformedPath_IsRefusedWithAReason(string path, string reason)
    {
        Assert.False(TilePath.TryParse(path, out _, out _, out var error));
        Assert.Contains(reason, error);
    }
}
