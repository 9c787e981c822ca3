using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hotline.Protocol.Pairing;

/// <summary>
/// The short number both operators read to each other by phone to confirm that the keys pinned at pairing are the
/// other side's. Order-independent: SHA-512("hotline/v1 safety-number\n" || min(a, b) || max(a, b)) where a and b are
/// each node's Ed25519 key || X25519 key (64 bytes), compared bytewise; the first 30 bytes are read as six 5-byte
/// big-endian numbers, each taken mod 100000 and printed as five digits: "12345 67890 …" (30 digits).
/// </summary>
public static class SafetyNumber
{
    private static readonly byte[] s_context = Encoding.ASCII.GetBytes("hotline/v1 safety-number\n");

    public static string Compute(ReadOnlySpan<byte> signingKeyA, ReadOnlySpan<byte> agreementKeyA, ReadOnlySpan<byte> signingKeyB, ReadOnlySpan<byte> agreementKeyB)
    {
        byte[] a = [.. signingKeyA, .. agreementKeyA];
        byte[] b = [.. signingKeyB, .. agreementKeyB];
        var (first, second) = a.AsSpan().SequenceCompareTo(b) <= 0 ? (a, b) : (b, a);
        var digest = SHA512.HashData([.. s_context, .. first, .. second]);
        var groups = new string[6];
        for (var i = 0; i < 6; i++)
        {
            ulong value = 0;
            for (var j = 0; j < 5; j++)
            {
                value = (value << 8) | digest[(i * 5) + j];
            }

            groups[i] = (value % 100000).ToString("D5", CultureInfo.InvariantCulture);
        }

        return string.Join(' ', groups);
    }
}
