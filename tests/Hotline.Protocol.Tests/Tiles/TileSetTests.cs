using Hotline.Protocol.Tiles;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Tiles;

/// <summary>
/// A verifier holding only tiles: the root, leaf hashes and proofs it recomputes match golang.org/x/mod/sumdb/tlog's
/// TileHashReader (tests/vectors/go-x-mod-tiles/tiles.txt) and Hotline's own MerkleProofs, and damaged or missing
/// tiles are reported precisely.
/// </summary>
public sealed class TileSetTests
{
    public static TheoryData<long> Sizes => new(GoTileVectors.Sizes);

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    private static string Hexes(List<byte[]> proof) => proof.Count == 0 ? "-" : string.Join(',', proof.Select(Hex));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Root_FromTiles_MatchesGo_AndTheWholeSetVerifies(long size)
    {
        var expected = GoTileVectors.Lines("tiles.txt", "root").Single(f => GoTileVectors.Number(f[0]) == size)[1];
        var tiles = new TileSet(size, GoTileVectors.TilesOf(size));
        Assert.True(tiles.TryGetRoot(out var root, out var error), error);
        Assert.Equal(expected, Hex(root));
        Assert.True(tiles.TryVerify(root, out error), error);
    }

    [Fact]
    public void Root_NeedsOnlyThePartialTileOfEachLevel()
    {
        var all = GoTileVectors.TilesOf(70_000);
        var read = new List<string>();
        var tiles = new TileSet(70_000, tile =>
        {
            read.Add(tile.Path);
            return all.GetValueOrDefault(tile);
        });
        Assert.True(tiles.TryGetRoot(out _, out var error), error);
        Assert.Equal(["tile/2/000.p/1", "tile/1/001.p/17", "tile/0/273.p/112"], read);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void InclusionProofs_FromTiles_MatchGo(long size)
    {
        var tiles = new TileSet(size, GoTileVectors.TilesOf(size));
        Assert.True(tiles.TryGetRoot(out var root, out _));
        var lines = GoTileVectors.Lines("tiles.txt", "inclusion").Where(f => GoTileVectors.Number(f[0]) == size).ToList();
        Assert.NotEmpty(lines);
        foreach (var fields in lines)
        {
            var index = GoTileVectors.Number(fields[1]);
            Assert.True(tiles.TryGetInclusionProof(index, out var proof, out var error), error);
            Assert.Equal(fields[2], Hexes(proof));
            Assert.True(tiles.TryGetLeafHash(index, out var leaf, out error), error);
            Assert.Equal(GoTileVectors.LeafHashes[(int)index], leaf);
            Assert.True(MerkleProofs.VerifyInclusion(leaf, index, size, proof, root));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ConsistencyProofs_FromTiles_MatchGo(long size)
    {
        var tiles = new TileSet(size, GoTileVectors.TilesOf(size));
        Assert.True(tiles.TryGetRoot(out var root, out _));
        var lines = GoTileVectors.Lines("tiles.txt", "consistency").Where(f => GoTileVectors.Number(f[1]) == size).ToList();
        Assert.NotEmpty(lines);
        foreach (var fields in lines)
        {
            var oldSize = GoTileVectors.Number(fields[0]);
            Assert.True(tiles.TryGetConsistencyProof(oldSize, out var proof, out var error), error);
            Assert.Equal(fields[2], Hexes(proof));
            var oldRoot = MerkleProofs.SubtreeRoot(GoTileVectors.LeafHashes, 0, oldSize);
            Assert.True(MerkleProofs.VerifyConsistency(oldSize, size, proof, oldRoot, root));
        }
    }

    public static TheoryData<int> ShapeSizes => new([.. Enumerable.Range(1, 40), .. Enumerable.Range(250, 13), .. Enumerable.Range(509, 7), 600]);

    /// <summary>Small trees, trees around one and two level-0 tiles, and one of three tiles: every proof read from
    /// tiles is the one MerkleProofs computes from every leaf.</summary>
    [Theory]
    [MemberData(nameof(ShapeSizes))]
    public void Proofs_FromTiles_EqualMerkleProofs(int size)
    {
        var leaves = GoTileVectors.LeafHashesOf(size);
        var tiles = new TileSet(size, TileHashes.ComputeAll(leaves).ToDictionary(t => t.Tile, t => t.Data));
        Assert.True(tiles.TryGetRoot(out var root, out _));
        Assert.Equal(MerkleProofs.SubtreeRoot(leaves, 0, size), root);
        var step = size > 300 ? 7 : 1;
        for (var index = 0; index < size; index += step)
        {
            Assert.True(tiles.TryGetInclusionProof(index, out var proof, out _));
            Assert.Equal(MerkleProofs.InclusionProof(leaves, index, size), proof);
        }

        for (var oldSize = 0; oldSize <= size; oldSize += step)
        {
            Assert.True(tiles.TryGetConsistencyProof(oldSize, out var proof, out _));
            Assert.Equal(MerkleProofs.ConsistencyProof(leaves, oldSize, size), proof);
        }
    }

    [Fact]
    public void TheEmptyTree_HasTheEmptyRoot_AndNoTiles()
    {
        var tiles = new TileSet(0, new Dictionary<Tile, byte[]>());
        Assert.True(tiles.TryGetRoot(out var root, out _));
        Assert.Equal(MerkleHash.EmptyRoot(), root);
        Assert.True(tiles.TryVerify(MerkleHash.EmptyRoot(), out var error), error);
        Assert.True(tiles.TryGetConsistencyProof(0, out var proof, out _));
        Assert.Empty(proof);
        Assert.False(tiles.TryGetInclusionProof(0, out _, out error));
        Assert.Equal("leaf 0 is not in the tree of size 0", error);
    }

    [Fact]
    public void AMissingPartialTile_IsReadFromTheFullTileOfALargerTree()
    {
        // The tiles of the tree of 70,000, without the partial tiles of the tree of 257: tile/0/001.p/1 is the first
        // hash of tile/0/001 and tile/1/000.p/1 the first of tile/1/000.
        var tiles = new TileSet(257, GoTileVectors.TilesOf(70_000));
        Assert.True(tiles.TryGetRoot(out var root, out var error), error);
        Assert.Equal(MerkleProofs.SubtreeRoot(GoTileVectors.LeafHashes, 0, 257), root);
        Assert.True(tiles.TryVerify(root, out error), error);
    }

    [Fact]
    public void AMissingTile_IsNamed()
    {
        var all = GoTileVectors.TilesOf(70_000);
        all.Remove(new Tile(1, 1, 17));
        var tiles = new TileSet(70_000, all);
        Assert.False(tiles.TryGetRoot(out _, out var error));
        Assert.Equal("tile tile/1/001.p/17 is missing", error);
        Assert.False(tiles.TryGetInclusionProof(69_999, out _, out error));
        Assert.Equal("tile tile/1/001.p/17 is missing", error);
        Assert.True(tiles.TryGetLeafHash(69_999, out _, out error), error);
    }

    [Fact]
    public void ATileOfTheWrongLength_IsNamed()
    {
        var all = GoTileVectors.TilesOf(70_000);
        all[new Tile(0, 273, 112)] = all[new Tile(0, 273, 112)][..^1];
        Assert.False(new TileSet(70_000, all).TryGetRoot(out _, out var error));
        Assert.Equal("tile tile/0/273.p/112 is 3583 bytes; a tile of width 112 is 3584", error);
    }

    [Fact]
    public void TryVerify_RefusesAMissingFullTile()
    {
        var all = GoTileVectors.TilesOf(70_000);
        all.Remove(new Tile(0, 100));
        var tiles = new TileSet(70_000, all);
        Assert.True(tiles.TryGetRoot(out var root, out _));
        Assert.False(tiles.TryVerify(root, out var error));
        Assert.Equal("tile tile/0/100 is missing", error);
    }

    [Theory]
    [InlineData(100L, "tile tile/0/100 does not hash to hash 100 of tile tile/1/000")]
    [InlineData(260L, "tile tile/0/260 does not hash to hash 4 of tile tile/1/001.p/17")]
    public void TryVerify_RefusesAFullTileThatDoesNotHashToItsParent(long index, string reason)
    {
        var all = GoTileVectors.TilesOf(70_000);
        Assert.True(new TileSet(70_000, all).TryGetRoot(out var root, out _));
        var damaged = all[new Tile(0, index)].ToArray();
        damaged[77] ^= 1;
        all[new Tile(0, index)] = damaged;
        Assert.False(new TileSet(70_000, all).TryVerify(root, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void TryVerify_RefusesAnotherRoot()
    {
        var tiles = new TileSet(257, GoTileVectors.TilesOf(257));
        var wrong = new byte[32];
        Assert.False(tiles.TryVerify(wrong, out var error));
        Assert.StartsWith("the tiles give the root ", error);
        Assert.EndsWith($"not the signed {Convert.ToBase64String(wrong)}", error);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(257L)]
    public void ProofsAndLeaves_OutsideTheTree_AreRefused(long index)
    {
        var tiles = new TileSet(257, GoTileVectors.TilesOf(257));
        Assert.False(tiles.TryGetInclusionProof(index, out _, out var error));
        Assert.Equal($"leaf {index} is not in the tree of size 257", error);
        Assert.False(tiles.TryGetLeafHash(index, out _, out _));
        Assert.False(tiles.TryGetConsistencyProof(index == -1 ? -1 : 258, out _, out error));
        Assert.StartsWith("size ", error);
    }
}
