using System.Buffers.Binary;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tiles;

/// <summary>
/// C2SP tlog-tiles v0.1.0 §Log entries: an entry bundle is the 1–256 entries of one level-0 tile, in order, each
/// written as a big-endian u16 length followed by that many bytes, nothing between or after. An entry is therefore at
/// most 65,535 bytes (a Hotline envelope is at most 61,440). Entry i hashes (RFC 6962 leaf hash) to hash i of the
/// level-0 tile with the same index and width.
/// </summary>
public static class EntryBundle
{
    /// <summary>The largest entry a bundle can carry.</summary>
    public const int MaxEntryLength = ushort.MaxValue;

    /// <summary>Encodes 1–256 entries; an entry longer than 65,535 bytes is refused (misuse: it cannot be logged).</summary>
    public static byte[] Encode(IReadOnlyList<byte[]> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count is 0 or > Tile.FullWidth)
        {
            throw new ArgumentException($"An entry bundle holds 1 to 256 entries, not {entries.Count}.", nameof(entries));
        }

        var length = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Length > MaxEntryLength)
            {
                throw new ArgumentException($"Entry {i} is {entries[i].Length} bytes; a bundle entry is at most 65,535.", nameof(entries));
            }

            length += 2 + entries[i].Length;
        }

        var bundle = new byte[length];
        var offset = 0;
        foreach (var entry in entries)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bundle.AsSpan(offset), (ushort)entry.Length);
            entry.CopyTo(bundle, offset + 2);
            offset += 2 + entry.Length;
        }

        return bundle;
    }

    /// <summary>
    /// Decodes a bundle that must hold exactly <paramref name="width"/> entries (the width its path names: 256, or
    /// the partial width). Refuses, with the entry and byte offset, a truncated length or entry, bytes after the last
    /// entry, and a bundle of another width. Never throws on hostile input.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> bundle, int width, out List<byte[]> entries, out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, Tile.FullWidth);
        entries = [];
        var offset = 0;
        while (offset < bundle.Length)
        {
            if (entries.Count == width)
            {
                error = $"{bundle.Length - offset} trailing bytes at offset {offset}, after the {width} entries of the bundle";
                entries = [];
                return false;
            }

            if (bundle.Length - offset < 2)
            {
                error = $"entry {entries.Count} at offset {offset}: the 2-byte length is truncated (1 byte left)";
                entries = [];
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bundle[offset..]);
            if (bundle.Length - offset - 2 < length)
            {
                error = $"entry {entries.Count} at offset {offset}: its length is {length} bytes but only {bundle.Length - offset - 2} remain";
                entries = [];
                return false;
            }

            entries.Add(bundle.Slice(offset + 2, length).ToArray());
            offset += 2 + length;
        }

        if (entries.Count != width)
        {
            error = $"the bundle holds {entries.Count} entries, not the {width} its width says";
            entries = [];
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Whether each entry's leaf hash is the hash at its position in the level-0 tile data (same width).</summary>
    public static bool TryVerify(IReadOnlyList<byte[]> entries, ReadOnlySpan<byte> levelZeroTile, out string? error)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (levelZeroTile.Length != entries.Count * MerkleHash.Size)
        {
            error = $"the tile is {levelZeroTile.Length} bytes; {entries.Count} entries need {entries.Count * MerkleHash.Size}";
            return false;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (!MerkleHash.Leaf(entries[i]).AsSpan().SequenceEqual(levelZeroTile.Slice(i * MerkleHash.Size, MerkleHash.Size)))
            {
                error = $"entry {i} does not hash to hash {i} of the tile";
                return false;
            }
        }

        error = null;
        return true;
    }
}
