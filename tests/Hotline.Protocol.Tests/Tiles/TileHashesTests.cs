using System.Security.Cryptography;
using Hotline.Protocol.Tiles;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Tiles;

/// <summary>
/// Tile contents as a log writes them, against golang.org/x/mod/sumdb/tlog's ReadTileData over its StoredHashes
/// (tests/vectors/go-x-mod-tiles/tiles.txt), and against the recursive definition.
/// </summary>
public sealed class TileHashesTests
{
    public static TheoryData<long> Sizes => new(GoTileVectors.Sizes);

    [Fact]
    public void LeafHashes_OfTheVectorEntries_MatchGo()
    {
        foreach (var fields in GoTileVectors.Lines("tiles.txt", "leaf"))
        {
            Assert.Equal(fields[1], Convert.ToHexStringLower(GoTileVectors.LeafHashes[(int)GoTileVectors.Number(fields[0])]));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void EveryTile_HasTheBytesGoWrote(long size)
    {
        var expected = GoTileVectors.Lines("tiles.txt", "tile").Where(f => GoTileVectors.Number(f[0]) == size)
            .Select(f => $"{GoTileVectors.FromGo(f[1])} {f[2]}").ToList();
        Assert.NotEmpty(expected);
        var ours = TileHashes.ComputeAll(GoTileVectors.LeafHashesOf(size))
            .Select(t => $"{t.Tile.Path} {Convert.ToHexStringLower(SHA256.HashData(t.Data))}").ToList();
        Assert.Equal(expected, ours);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Compute_OfOneTile_EqualsComputeAll(long size)
    {
        var leaves = GoTileVectors.LeafHashesOf(size);
        foreach (var (tile, data) in TileHashes.ComputeAll(leaves).Where(t => !t.Tile.IsFull || t.Tile.Level > 0 || t.Tile.Index % 50 == 0))
        {
            Assert.Equal(data, TileHashes.Compute(leaves, tile));
        }
    }

    [Fact]
    public void AHashInATileAboveLevel0_IsTheRootOfAFullTileBelow_AndOfItsLeaves()
    {
        var leaves = GoTileVectors.LeafHashes;
        var level1 = TileHashes.Compute(leaves, new Tile(1, 0));
        var tile5 = TileHashes.Compute(leaves, new Tile(0, 5));
        Assert.Equal(level1.AsSpan(5 * 32, 32).ToArray(), TileHashes.Root(tile5));
        Assert.Equal(MerkleProofs.SubtreeRoot(leaves, 5 * 256, 6 * 256), TileHashes.Root(tile5));
        Assert.Equal(MerkleProofs.SubtreeRoot(leaves, 0, 65_536), TileHashes.Root(level1));
    }

    [Fact]
    public void Root_OfAPartialTile_IsTheTreeHashOfItsHashes()
    {
        var leaves = GoTileVectors.LeafHashesOf(300);
        var partial = TileHashes.Compute(leaves, new Tile(0, 1, 44));
        Assert.Equal(MerkleProofs.SubtreeRoot(leaves, 256, 300), TileHashes.Root(partial));
        Assert.Equal(leaves[256], TileHashes.Root(partial.AsSpan(0, 32)));
    }

    [Fact]
    public void Compute_BeyondTheLeavesGiven_Throws()
    {
        var leaves = GoTileVectors.LeafHashesOf(300);
        Assert.Throws<ArgumentException>(() => TileHashes.Compute(leaves, new Tile(0, 1, 45)));
        Assert.Throws<ArgumentException>(() => TileHashes.Compute(leaves, new Tile(1, 0, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TileHashes.Compute(leaves, new Tile(8, 0, 1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData((256 * 32) + 32)]
    public void Root_OfDataThatIsNot1To256Hashes_Throws(int length)
        => Assert.Throws<ArgumentException>(() => TileHashes.Root(new byte[length]));

    [Fact]
    public void ComputeAll_OfNoLeaves_IsEmpty() => Assert.Empty(TileHashes.ComputeAll([]));
}
