using System.Text.RegularExpressions;
using Hotline.Protocol.Tiles;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Tiles;

/// <summary>docs/protocol.md §15 quotes tile paths, layouts and a root: they are what the code computes.</summary>
public sealed partial class ProtocolDocTileTests
{
    private static readonly string s_section = ReadSection();

    private static string ReadSection()
    {
        var text = File.ReadAllText(Path.Combine(Vectors.RepositoryRoot, "docs", "protocol.md"));
        var start = text.IndexOf("## 15. Tiles, proofs and witnesses", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/protocol.md has no §15");
        return text[start..];
    }

    [Theory]
    [InlineData(5L, "005")]
    [InlineData(1000L, "x001/000")]
    [InlineData(1234067L, "x001/x234/067")]
    [InlineData(long.MaxValue, "x009/x223/x372/x036/x854/x775/807")]
    public void IndexExamples_AreWhatTilePathWrites(long index, string encoded)
    {
        Assert.Contains($"→ `{encoded}`", s_section);
        Assert.Equal("tile/0/" + encoded, TilePath.Hash(0, index));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(255L)]
    [InlineData(256L)]
    [InlineData(257L)]
    public void LayoutTable_ListsEachSmallTreesTiles(long size)
    {
        var row = s_section.Split('\n').Single(line => line.StartsWith($"| {size} |", StringComparison.Ordinal) && line.Contains("`tile/", StringComparison.Ordinal));
        var quoted = BacktickedPath().Matches(row).Select(m => m.Groups[1].Value);
        Assert.Equal(TileLayout.For(size).HashTiles.Select(t => t.Path), quoted);
    }

    [Fact]
    public void TheQuotedRoot_IsTheRootOfThe70000EntryVectorLog()
    {
        var root = Convert.ToHexStringLower(MerkleProofs.SubtreeRoot(GoTileVectors.LeafHashes, 0, 70_000));
        Assert.Contains($"has root `{root}`", s_section);
    }

    [GeneratedRegex("`(tile/[^`]+)`")]
    private static partial Regex BacktickedPath();
}
