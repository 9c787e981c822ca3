using System.Globalization;
using System.Text;

namespace Hotline.Protocol.Tiles;

/// <summary>
/// C2SP tlog-tiles v0.1.0 resource paths below a log prefix: hash tiles <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> and
/// entry bundles <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>. L is decimal 0–63; N is written in zero-padded 3-digit
/// groups, every group but the last prefixed by <c>x</c> (5 → <c>005</c>, 1000 → <c>x001/000</c>, 1234067 →
/// <c>x001/x234/067</c>); W (1–255) is present only for partial tiles. Numbers have no leading zeros.
/// </summary>
public static class TilePath
{
    /// <summary>Longer than any path naming a tile of a tree of at most 2^63−1 leaves; refused before splitting.</summary>
    public const int MaxLength = 64;

    private const string Prefix = "tile/";
    private const string EntriesLevel = "entries";

    // 2^63 − 1 has 19 digits: 7 groups, the first of them at most 9.
    private const int MaxGroups = 7;

    /// <summary>The path of hash tile <paramref name="index"/> at <paramref name="level"/>; no or 256 width is full.</summary>
    public static string Hash(int level, long index, int? width = null)
    {
        var tile = new Tile(level, index, width ?? Tile.FullWidth);
        return Prefix + tile.Level.ToString(CultureInfo.InvariantCulture) + "/" + IndexAndWidth(tile.Index, tile.Width);
    }

    /// <summary>The path of entry bundle <paramref name="index"/>; no or 256 width is full.</summary>
    public static string Entries(long index, int? width = null)
    {
        var tile = new Tile(0, index, width ?? Tile.FullWidth);
        return Prefix + EntriesLevel + "/" + IndexAndWidth(tile.Index, tile.Width);
    }

    private static string IndexAndWidth(long index, int width)
    {
        Span<int> groups = stackalloc int[MaxGroups];
        var count = 0;
        do
        {
            groups[count++] = (int)(index % 1000);
            index /= 1000;
        }
        while (index > 0);

        var path = new StringBuilder(32);
        for (var i = count - 1; i >= 0; i--)
        {
            path.Append(i > 0 ? "x" : "").Append(groups[i].ToString("D3", CultureInfo.InvariantCulture)).Append(i > 0 ? "/" : "");
        }

        if (width != Tile.FullWidth)
        {
            path.Append(".p/").Append(width.ToString(CultureInfo.InvariantCulture));
        }

        return path.ToString();
    }

    /// <summary>
    /// Parses a path below the log prefix, accepting only the canonical form <see cref="Hash"/> and
    /// <see cref="Entries"/> write. <paramref name="isEntryBundle"/> tells <c>tile/entries/…</c> (whose
    /// <paramref name="tile"/> is the level-0 tile with the same index and width) from a hash tile.
    /// Never throws on hostile input: the reason comes back in <paramref name="error"/>.
    /// </summary>
    public static bool TryParse(string path, out Tile tile, out bool isEntryBundle, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        tile = default;
        isEntryBundle = false;
        if (path.Length > MaxLength)
        {
            error = $"the path is longer than {MaxLength} characters, longer than any tile path";
            return false;
        }

        var parts = path.Split('/');
        if (parts.Length < 3 || !string.Equals(parts[0], "tile", StringComparison.Ordinal))
        {
            error = "a tile path is tile/<level>/<index>[.p/<width>] or tile/entries/<index>[.p/<width>]";
            return false;
        }

        var level = 0;
        if (string.Equals(parts[1], EntriesLevel, StringComparison.Ordinal))
        {
            isEntryBundle = true;
        }
        else if (!TryParseSmall(parts[1], 0, Tile.MaxLevel, out level))
        {
            error = $"the level '{parts[1]}' is not 'entries' or a decimal number from 0 to 63 without leading zeros";
            return false;
        }

        var groups = parts[2..];
        var width = Tile.FullWidth;
        if (groups.Length >= 2 && groups[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryParseSmall(groups[^1], 1, Tile.FullWidth - 1, out width))
            {
                error = $"the partial width '{groups[^1]}' is not a decimal number from 1 to 255 without leading zeros";
                return false;
            }

            groups = groups[..^1];
            groups[^1] = groups[^1][..^2];
        }

        if (groups.Length > MaxGroups)
        {
            error = $"the index has {groups.Length} groups; an index up to 2^63−1 has at most {MaxGroups}";
            return false;
        }

        long index = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            var group = groups[i];
            var last = i == groups.Length - 1;
            var digits = last ? group : group.StartsWith('x') ? group[1..] : "";
            if (digits.Length != 3 || !digits.All(char.IsAsciiDigit) || (last && group.StartsWith('x')))
            {
                error = last
                    ? $"the last index group '{group}' is not three digits"
                    : $"the index group '{group}' is not 'x' and three digits (every group but the last has the 'x')";
                return false;
            }

            var value = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (i == 0 && value == 0 && !last)
            {
                error = $"the index starts with the zero group '{group}' (no leading zeros)";
                return false;
            }

            if (index > (long.MaxValue - value) / 1000)
            {
                error = "the index is larger than 2^63−1";
                return false;
            }

            index = (index * 1000) + value;
        }

        tile = new Tile(level, index, width);
        error = null;
        return true;
    }

    /// <summary>A decimal from <paramref name="min"/> to <paramref name="max"/> (at most 3 digits), no sign or leading zero.</summary>
    private static bool TryParseSmall(string text, int min, int max, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 3 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        value = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return value >= min && value <= max;
    }
}
