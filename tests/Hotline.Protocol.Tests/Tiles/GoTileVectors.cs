using System.Globalization;
using System.Text;
using Hotline.Protocol.Tiles;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Tiles;

/// <summary>
/// tests/vectors/go-x-mod-tiles/, written by tests/vectors/go-tiles/main.go with golang.org/x/mod/sumdb/tlog and
/// note: the log of 70,000 entries "hotline tile entry &lt;i&gt;", its tiles, proofs, signed checkpoints, tlog-proof
/// files and a tlog-witness request. x/mod's tile paths carry the tile height ("tile/8/…") and call entry bundles
/// "data"; <see cref="FromGo"/> maps them to C2SP paths.
/// </summary>
internal static class GoTileVectors
{
    public const string Directory = "go-x-mod-tiles/";

    public static readonly long[] Sizes = [1, 255, 256, 257, 70_000];

    private static readonly Lazy<List<byte[]>> s_entries = new(() =>
        [.. Enumerable.Range(0, 70_000).Select(i => Encoding.ASCII.GetBytes($"hotline tile entry {i}"))]);

    private static readonly Lazy<List<byte[]>> s_leafHashes = new(() => [.. s_entries.Value.Select(e => MerkleHash.Leaf(e))]);

    private static readonly Lazy<Dictionary<string, string>> s_keys = new(() =>
        Vectors.Lines(Directory + "keys.txt").ToDictionary(f => f[0], f => f[1]));

    /// <summary>The 70,000 entries of the vector log.</summary>
    public static List<byte[]> Entries => s_entries.Value;

    public static List<byte[]> LeafHashes => s_leafHashes.Value;

    public static IReadOnlyDictionary<string, string> Keys => s_keys.Value;

    /// <summary>The first <paramref name="size"/> leaf hashes.</summary>
    public static List<byte[]> LeafHashesOf(long size) => LeafHashes.GetRange(0, (int)size);

    /// <summary>Lines of a vector file whose first field is <paramref name="kind"/>, without that field.</summary>
    public static IEnumerable<string[]> Lines(string file, string kind)
        => Vectors.Lines(Directory + file).Where(f => f[0] == kind).Select(f => f[1..]);

    public static string Text(string file) => Vectors.ReadText(Directory + file);

    /// <summary>x/mod's <c>tile/8/L/N[.p/W]</c> and <c>tile/8/data/N[.p/W]</c> as C2SP paths.</summary>
    public static string FromGo(string goPath)
    {
        Assert.StartsWith("tile/8/", goPath);
        var rest = goPath["tile/8/".Length..];
        return rest.StartsWith("data/", StringComparison.Ordinal) ? "tile/entries/" + rest["data/".Length..] : "tile/" + rest;
    }

    public static long Number(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Every tile of the tree of <paramref name="size"/> vector leaves, computed by Hotline.</summary>
    public static Dictionary<Tile, byte[]> TilesOf(long size)
        => TileHashes.ComputeAll(LeafHashesOf(size)).ToDictionary(t => t.Tile, t => t.Data);
}
