using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Hotline.Protocol.Crypto;

namespace Hotline.Protocol.Notes;

/// <summary>
/// C2SP tlog-cosignature v1.0.1 (type 0x04): an Ed25519 signature over
/// <c>"cosignature/v1\ntime " || decimal(timestamp) || "\n" || checkpoint note text</c>.
/// The signature line carries key ID (4) || u64 big-endian timestamp (8) || Ed25519 signature (64) = 76 bytes.
/// In Hotline a receipt is the receiving node's cosignature on the sender's checkpoint.
/// </summary>
public static class Cosignature
{
    public const int SignatureLength = 8 + 64;

    public static byte[] SignedMessage(string checkpointText, ulong timestamp)
        => Encoding.UTF8.GetBytes($"cosignature/v1\ntime {timestamp.ToString(CultureInfo.InvariantCulture)}\n{checkpointText}");

    /// <summary>Cosigns <paramref name="checkpointText"/> at <paramref name="timestamp"/> (POSIX seconds).</summary>
    public static NoteSignature Sign(string checkpointText, ulong timestamp, string keyName, NodeSigningKey key)
    {
        var signature = key.Sign(SignedMessage(checkpointText, timestamp));
        var blob = new byte[SignatureLength];
        BinaryPrimitives.WriteUInt64BigEndian(blob, timestamp);
        signature.CopyTo(blob, 8);
        return new NoteSignature(keyName, new NoteKey(keyName, NoteKey.CosignatureV1Type, key.PublicKey).KeyId, blob);
    }

    /// <summary>The time a stored cosignature line states (it was verified when it was stored): the moment the
    /// receiving node stored what it cosigned. Both nodes of a link read the same value from the same line.</summary>
    public static bool TryReadTime(string line, out DateTimeOffset at)
    {
        at = default;
        if (!SignedNote.TryParseSignatureLine(line.TrimEnd('\n'), out var signature, out _) || signature.Signature.Length != SignatureLength)
        {
            return false;
        }

        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature.Signature);
        if (timestamp > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeSeconds((long)timestamp);
        return true;
    }

    /// <summary>Verifies a cosignature line by <paramref name="key"/> (type 0x04) on <paramref name="checkpointText"/>.</summary>
    public static bool Verify(string checkpointText, NoteSignature signature, NoteKey key, out ulong timestamp)
    {
        timestamp = 0;
        if (key.Type != NoteKey.CosignatureV1Type || signature.Signature.Length != SignatureLength
            || signature.KeyId != key.KeyId || !string.Equals(signature.KeyName, key.Name, StringComparison.Ordinal))
        {
            return false;
        }

        timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature.Signature);
        if (timestamp > long.MaxValue)
        {
            // tlog-cosignature v1.0.1: the timestamp MUST NOT exceed 2^63 - 1.
            return false;
        }

        return NodeSigningKey.Verify(key.PublicKey, SignedMessage(checkpointText, timestamp), signature.Signature.AsSpan(8));
    }
}
