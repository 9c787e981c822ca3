using System.Security.Cryptography;
using Hotline.Protocol.Tiles;

namespace Hotline.Protocol.Tests.Tiles;

/// <summary>C2SP tlog-tiles entry bundles: u16 big-endian length-prefixed entries.</summary>
public sealed class EntryBundleTests
{
    [Fact]
    public void Bundles_MatchTheOnesGoWrote_AndHashToTheirLevel0Tiles()
    {
        var lines = GoTileVectors.Lines("bundles.txt", "bundle").ToList();
        Assert.Equal(1 + 1 + 1 + 2 + 274, lines.Count);
        foreach (var fields in lines)
        {
            var size = GoTileVectors.Number(fields[0]);
            Assert.True(TilePath.TryParse(GoTileVectors.FromGo(fields[1]), out var tile, out var isEntryBundle, out var error), error);
            Assert.True(isEntryBundle);
            Assert.True(TileLayout.For(size).Contains(tile));

            var entries = GoTileVectors.Entries.GetRange((int)(tile.Index * 256), tile.Width);
            var bundle = EntryBundle.Encode(entries);
            Assert.Equal(fields[2], Convert.ToHexStringLower(SHA256.HashData(bundle)));

            Assert.True(EntryBundle.TryDecode(bundle, tile.Width, out var decoded, out error), error);
            Assert.Equal(entries, decoded);
            Assert.True(EntryBundle.TryVerify(decoded, TileHashes.Compute(GoTileVectors.LeafHashes, tile), out error), error);
        }

        foreach (var fields in GoTileVectors.Lines("bundles.txt", "bundlehex"))
        {
            Assert.True(TilePath.TryParse(GoTileVectors.FromGo(fields[1]), out var tile, out _, out _));
            Assert.Equal(fields[2], Convert.ToHexStringLower(EntryBundle.Encode(GoTileVectors.Entries.GetRange((int)(tile.Index * 256), tile.Width))));
        }
    }

    [Fact]
    public void Encode_WritesABigEndianLengthBeforeEachEntry()
        => Assert.Equal("0000" + "0001aa" + "0102" + new string('b', 516), Convert.ToHexStringLower(EntryBundle.Encode([[], [0xaa], Enumerable.Repeat((byte)0xbb, 258).ToArray()])));

    [Fact]
    public void AnEntryOf65535Bytes_RoundTrips_OneByteMoreIsRefused()
    {
        var largest = new byte[65_535];
        largest[^1] = 7;
        var bundle = EntryBundle.Encode([largest]);
        Assert.Equal(65_537, bundle.Length);
        Assert.True(EntryBundle.TryDecode(bundle, 1, out var entries, out var error), error);
        Assert.Equal(largest, entries.Single());

        var exception = Assert.Throws<ArgumentException>(() => EntryBundle.Encode([[1], new byte[65_536]]));
        Assert.StartsWith("Entry 1 is 65536 bytes", exception.Message);
    }

    [Fact]
    public void Encode_RefusesNoEntriesAndMoreThan256()
    {
        Assert.Throws<ArgumentException>(() => EntryBundle.Encode([]));
        Assert.Throws<ArgumentException>(() => EntryBundle.Encode([.. Enumerable.Range(0, 257).Select(_ => new byte[1])]));
        Assert.Equal(256 * 3, EntryBundle.Encode([.. Enumerable.Range(0, 256).Select(_ => new byte[1])]).Length);
    }

    public static TheoryData<string, string, int, string> MalformedBundles => new()
    {
        { "empty", "", 1, "the bundle holds 0 entries, not the 1 its width says" },
        { "one byte", "00", 1, "entry 0 at offset 0: the 2-byte length is truncated (1 byte left)" },
        { "length past the end", "0003aabb", 1, "entry 0 at offset 0: its length is 3 bytes but only 2 remain" },
        { "second entry truncated", "0001aa0005aabbccdd", 2, "entry 1 at offset 3: its length is 5 bytes but only 4 remain" },
        { "half a length at the end", "0001aa00", 2, "entry 1 at offset 3: the 2-byte length is truncated (1 byte left)" },
        { "trailing bytes", "0001aa0000ff", 2, "1 trailing bytes at offset 5, after the 2 entries of the bundle" },
        { "an extra entry", "0001aa00000000", 2, "2 trailing bytes at offset 5, after the 2 entries of the bundle" },
        { "too few entries", "0001aa0000", 3, "the bundle holds 2 entries, not the 3 its width says" },
        { "maximal length, nothing after", "ffff", 1, "entry 0 at offset 0: its length is 65535 bytes but only 0 remain" },
    };

    [Theory]
    [MemberData(nameof(MalformedBundles))]
    public void TryDecode_OfAMalformedBundle_IsRefusedPrecisely(string what, string hex, int width, string reason)
    {
        Assert.False(EntryBundle.TryDecode(Convert.FromHexString(hex), width, out var entries, out var error), what);
        Assert.Equal(reason, error);
        Assert.Empty(entries);
    }

    [Fact]
    public void TryDecode_OfRandomBytes_NeverThrows()
    {
        var random = new Random(65_535);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            if (random.Next(2) == 0 && bytes.Length > 0)
            {
                bytes[0] = 0;
            }

            if (EntryBundle.TryDecode(bytes, random.Next(1, 257), out var entries, out _))
            {
                Assert.Equal(bytes, EntryBundle.Encode(entries));
            }
        }
    }

    [Fact]
    public void TryVerify_NamesTheEntryThatDoesNotMatchItsTile()
    {
        var entries = GoTileVectors.Entries.GetRange(0, 3);
        var tile = TileHashes.Compute(GoTileVectors.LeafHashes, new Tile(0, 0, 3));
        Assert.True(EntryBundle.TryVerify(entries, tile, out _));
        Assert.False(EntryBundle.TryVerify([entries[0], entries[2], entries[1]], tile, out var error));
        Assert.Equal("entry 1 does not hash to hash 1 of the tile", error);
        Assert.False(EntryBundle.TryVerify(entries, tile.AsSpan(0, 64), out error));
        Assert.Equal("the tile is 64 bytes; 3 entries need 96", error);
    }
}
