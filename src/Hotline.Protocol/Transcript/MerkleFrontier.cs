using System.Buffers.Binary;

namespace Hotline.Protocol.Transcript;

/// <summary>
/// The right edge of an RFC 6962 tree: the roots of the perfect subtrees that make up a tree of <see cref="Size"/>
/// leaves, largest first (one per set bit of the size, at most 64). Appending is O(log n) and needs no earlier
/// leaves, so a node keeps its copy of each transcript's root current without reading the log back.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<byte[]> _subtrees;

    private MerkleFrontier(long size, List<byte[]> subtrees)
    {
        Size = size;
        _subtrees = subtrees;
    }

    /// <summary>The number of leaves appended.</summary>
    public long Size { get; private set; }

    /// <summary>A frontier of the empty tree.</summary>
    public static MerkleFrontier Empty() => new(0, []);

    /// <summary>Appends one leaf hash.</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        var hash = leafHash.ToArray();
        // Merge equal-size subtrees like carrying in binary addition: one merge per trailing one bit of the old size.
        for (var size = Size; (size & 1) == 1; size >>= 1)
        {
            hash = MerkleHash.Node(_subtrees[^1], hash);
            _subtrees.RemoveAt(_subtrees.Count - 1);
        }

        _subtrees.Add(hash);
        Size = checked(Size + 1);
    }

    /// <summary>The tree head of the current size.</summary>
    public byte[] Root()
    {
        if (_subtrees.Count == 0)
        {
            return MerkleHash.EmptyRoot();
        }

        var root = _subtrees[^1];
        for (var i = _subtrees.Count - 2; i >= 0; i--)
        {
            root = MerkleHash.Node(_subtrees[i], root);
        }

        return root;
    }

    /// <summary>A copy that can be appended to without changing this one (to check a batch before storing it).</summary>
    public MerkleFrontier Clone() => new(Size, [.. _subtrees]);

    /// <summary>Serialized form: u64 big-endian size, then the subtree hashes, largest first.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[8 + (_subtrees.Count * MerkleHash.Size)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)Size);
        for (var i = 0; i < _subtrees.Count; i++)
        {
            _subtrees[i].CopyTo(bytes, 8 + (i * MerkleHash.Size));
        }

        return bytes;
    }

    /// <summary>Reads <see cref="ToBytes"/>; false when the length does not match the size's bit count.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out MerkleFrontier frontier)
    {
        frontier = Empty();
        if (bytes.Length < 8)
        {
            return false;
        }

        var size = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        if (size > long.MaxValue || bytes.Length != 8 + (System.Numerics.BitOperations.PopCount(size) * MerkleHash.Size))
        {
            return false;
        }

        var subtrees = new List<byte[]>();
        for (var offset = 8; offset < bytes.Length; offset += MerkleHash.Size)
        {
            subtrees.Add(bytes.Slice(offset, MerkleHash.Size).ToArray());
        }

        frontier = new MerkleFrontier((long)size, subtrees);
        return true;
    }
}
