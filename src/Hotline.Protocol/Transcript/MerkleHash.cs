using System.Security.Cryptography;

namespace Hotline.Protocol.Transcript;

/// <summary>
/// RFC 6962 §2.1 Merkle tree hashing with SHA-256 (32-byte hashes):
/// leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right), empty tree = SHA-256("").
/// </summary>
public static class MerkleHash
{
    public const int Size = 32;

    /// <summary>SHA-256 of the empty string: the root of a tree of size 0.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>The leaf hash of one entry (here: the exact envelope bytes).</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> entry)
    {
        var hash = new byte[Size];
        Leaf(entry, hash);
        return hash;
    }

    /// <summary>Writes the leaf hash of <paramref name="entry"/> into <paramref name="destination"/>.</summary>
    public static void Leaf(ReadOnlySpan<byte> entry, Span<byte> destination)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([0x00]);
        sha.AppendData(entry);
        sha.GetHashAndReset(destination);
    }

    /// <summary>The hash of an interior node.</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * Size)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2): RFC 6962's split point.</summary>
    public static long SplitPoint(long n)
    {
        var k = 1L;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }
}
