using System.Buffers.Binary;
using System.Text;

namespace Hotline.Protocol.Envelopes;

/// <summary>
/// The signed unit that crosses a link, in its exact byte form (docs/protocol.md §Envelope). All integers big-endian.
/// <code>
/// offset size  field
///  0      4    magic "HLE" 0x01 (format version 1)
///  4     16    link id
/// 20     16    envelope id
/// 36      8    sequence: the envelope's index in the sender's transcript of this link (u64)
/// 44      1    precedence: 0 FLASH, 1 IMMEDIATE, 2 PRIORITY, 3 ROUTINE
/// 45      2    type (u16), 1 = message
/// 47      8    created at: Unix time in milliseconds (i64)
/// 55     32    sender: the sending node's Ed25519 public key
/// 87      2    length of "from" (u16, ≤ 256), then "from" in UTF-8
///  …      2    length of "to" (u16, ≤ 256), then "to" in UTF-8
///  …      4    length of the sealed body (u32), then the sealed body (Crypto.BodySeal)
/// </code>
/// The whole envelope is at most <see cref="MaxSize"/> bytes so it fits a tlog-tiles entry bundle. The body is sealed
/// with the associated data <see cref="AssociatedData"/>: the header with the sequence zeroed and the body length
/// omitted, because sequence numbers are assigned when the relay sends, after sealing.
/// </summary>
public sealed record Envelope(
    Guid LinkId,
    Guid EnvelopeId,
    long Sequence,
    Precedence Precedence,
    EnvelopeType Type,
    DateTimeOffset CreatedAt,
    byte[] Sender,
    string From,
    string To,
    byte[] SealedBody)
{
    public const int MaxSize = 60 * 1024;
    public const int MaxAddressBytes = 256;
    public const int FixedHeaderSize = 87;
    public static ReadOnlySpan<byte> Magic => "HLE\u0001"u8;

    /// <summary>The largest body (plaintext) that fits an envelope with empty from/to, after sealing overhead.</summary>
    public const int MaxBodyWithoutAddresses = MaxSize - FixedHeaderSize - 2 - 2 - 4 - Crypto.BodySeal.Overhead;

    /// <summary>Encodes the exact bytes that are hashed into the transcript.</summary>
    public byte[] Encode()
    {
        var from = Encoding.UTF8.GetBytes(From);
        var to = Encoding.UTF8.GetBytes(To);
        if (from.Length > MaxAddressBytes || to.Length > MaxAddressBytes)
        {
            throw new ArgumentException($"'from' and 'to' are at most {MaxAddressBytes} bytes of UTF-8.");
        }

        var size = checked(FixedHeaderSize + 2 + from.Length + 2 + to.Length + 4 + SealedBody.Length);
        if (size > MaxSize)
        {
            throw new ArgumentException($"The envelope would be {size} bytes; the limit is {MaxSize}.");
        }

        var bytes = new byte[size];
        WriteHeader(bytes, Sequence, from, to);
        var offset = FixedHeaderSize + 2 + from.Length + 2 + to.Length;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset), (uint)SealedBody.Length);
        SealedBody.CopyTo(bytes, offset + 4);
        return bytes;
    }

    /// <summary>The associated data the body is sealed with (header, sequence zeroed, up to and including "to").</summary>
    public byte[] AssociatedData() => AssociatedData(LinkId, EnvelopeId, Precedence, Type, CreatedAt, Sender, From, To);

    /// <inheritdoc cref="AssociatedData()"/>
    public static byte[] AssociatedData(Guid linkId, Guid envelopeId, Precedence precedence, EnvelopeType type, DateTimeOffset createdAt, byte[] sender, string from, string to)
    {
        var fromBytes = Encoding.UTF8.GetBytes(from);
        var toBytes = Encoding.UTF8.GetBytes(to);
        if (fromBytes.Length > MaxAddressBytes || toBytes.Length > MaxAddressBytes)
        {
            throw new ArgumentException($"'from' and 'to' are at most {MaxAddressBytes} bytes of UTF-8.");
        }

        var header = new Envelope(linkId, envelopeId, 0, precedence, type, createdAt, sender, from, to, []);
        var bytes = new byte[FixedHeaderSize + 2 + fromBytes.Length + 2 + toBytes.Length];
        header.WriteHeader(bytes, 0, fromBytes, toBytes);
        return bytes;
    }

    private void WriteHeader(Span<byte> bytes, long sequence, byte[] from, byte[] to)
    {
        if (Sender.Length != 32)
        {
            throw new ArgumentException("The sender is a 32-byte Ed25519 public key.");
        }

        Magic.CopyTo(bytes);
        WriteGuid(LinkId, bytes[4..20]);
        WriteGuid(EnvelopeId, bytes[20..36]);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[36..], checked((ulong)sequence));
        bytes[44] = (byte)Precedence;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[45..], (ushort)Type);
        BinaryPrimitives.WriteInt64BigEndian(bytes[47..], CreatedAt.ToUnixTimeMilliseconds());
        Sender.CopyTo(bytes[55..]);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[87..], (ushort)from.Length);
        from.CopyTo(bytes[89..]);
        var offset = 89 + from.Length;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[offset..], (ushort)to.Length);
        to.CopyTo(bytes[(offset + 2)..]);
    }

    /// <summary>Decodes envelope bytes. Never throws on hostile input; the reason is returned instead.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out Envelope envelope, out string? error)
    {
        envelope = null!;
        if (bytes.Length > MaxSize)
        {
            error = $"the envelope is {bytes.Length} bytes; the limit is {MaxSize}";
            return false;
        }

        if (bytes.Length < FixedHeaderSize + 2 + 2 + 4)
        {
            error = "the envelope is truncated";
            return false;
        }

        if (!bytes[..4].SequenceEqual(Magic))
        {
            error = "the envelope does not start with the HLE version 1 magic";
            return false;
        }

        var sequence = BinaryPrimitives.ReadUInt64BigEndian(bytes[36..]);
        if (sequence > long.MaxValue)
        {
            error = "the sequence number is out of range";
            return false;
        }

        if (!PrecedenceNames.IsDefined(bytes[44]))
        {
            error = $"unknown precedence {bytes[44]}";
            return false;
        }

        var createdMs = BinaryPrimitives.ReadInt64BigEndian(bytes[47..]);
        if (createdMs < 0 || createdMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            error = "the creation time is out of range";
            return false;
        }

        var offset = FixedHeaderSize;
        if (!TryReadText(bytes, ref offset, out var from, out error) || !TryReadText(bytes, ref offset, out var to, out error))
        {
            return false;
        }

        if (bytes.Length - offset < 4)
        {
            error = "the envelope is truncated before the body length";
            return false;
        }

        var bodyLength = BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]);
        offset += 4;
        if (bodyLength != (uint)(bytes.Length - offset))
        {
            error = bodyLength > (uint)(bytes.Length - offset) ? "the body is truncated" : "there are bytes after the body";
            return false;
        }

        envelope = new Envelope(
            ReadGuid(bytes[4..20]),
            ReadGuid(bytes[20..36]),
            (long)sequence,
            (Precedence)bytes[44],
            (EnvelopeType)BinaryPrimitives.ReadUInt16BigEndian(bytes[45..]),
            DateTimeOffset.FromUnixTimeMilliseconds(createdMs),
            bytes[55..87].ToArray(),
            from,
            to,
            bytes[offset..].ToArray());
        error = null;
        return true;
    }

    private static bool TryReadText(ReadOnlySpan<byte> bytes, ref int offset, out string text, out string? error)
    {
        text = "";
        if (bytes.Length - offset < 2)
        {
            error = "the envelope is truncated in an address";
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[offset..]);
        offset += 2;
        if (length > MaxAddressBytes || bytes.Length - offset < length)
        {
            error = length > MaxAddressBytes ? "an address is longer than 256 bytes" : "the envelope is truncated in an address";
            return false;
        }

        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Slice(offset, length));
        }
        catch (DecoderFallbackException)
        {
            error = "an address is not valid UTF-8";
            return false;
        }

        offset += length;
        error = null;
        return true;
    }

    /// <summary>Guids are written in RFC 9562 byte order (big-endian), as their string form reads.</summary>
    public static void WriteGuid(Guid id, Span<byte> destination) => id.TryWriteBytes(destination, bigEndian: true, out _);

    public static Guid ReadGuid(ReadOnlySpan<byte> source) => new(source, bigEndian: true);

    /// <summary>The 16 bytes of an envelope or link id as written on the wire.</summary>
    public static byte[] GuidBytes(Guid id)
    {
        var bytes = new byte[16];
        WriteGuid(id, bytes);
        return bytes;
    }
}
