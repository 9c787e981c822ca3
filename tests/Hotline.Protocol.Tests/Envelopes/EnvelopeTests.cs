using System.Buffers.Binary;
using System.Text;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;

namespace Hotline.Protocol.Tests.Envelopes;

/// <summary>The envelope byte format (docs/protocol.md §Envelope): round trip, limits and every refusal.</summary>
public sealed class EnvelopeTests
{
    private static readonly byte[] s_sender = Enumerable.Range(0x10, 32).Select(i => (byte)i).ToArray();

    internal static Envelope Sample(Precedence precedence = Precedence.Routine, string from = "secretary@alpha", string to = "duty-officer@bravo", byte[]? body = null) => new(
        Guid.Parse("0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0"),
        Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"),
        42,
        precedence,
        EnvelopeType.Message,
        DateTimeOffset.FromUnixTimeMilliseconds(1767225600123),
        s_sender,
        from,
        to,
        body ?? [0x01, 0x02, 0x03, 0x04]);

    private static Envelope RoundTrip(Envelope envelope)
    {
        var bytes = envelope.Encode();
        Assert.True(Envelope.TryDecode(bytes, out var decoded, out var error), error);
        Assert.Null(error);
        Assert.Equal(bytes, decoded.Encode());
        return decoded;
    }

    private static void AssertSameFields(Envelope expected, Envelope actual)
    {
        Assert.Equal(expected.LinkId, actual.LinkId);
        Assert.Equal(expected.EnvelopeId, actual.EnvelopeId);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.Precedence, actual.Precedence);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.Sender, actual.Sender);
        Assert.Equal(expected.From, actual.From);
        Assert.Equal(expected.To, actual.To);
        Assert.Equal(expected.SealedBody, actual.SealedBody);
    }

    [Theory]
    [InlineData(Precedence.Flash)]
    [InlineData(Precedence.Immediate)]
    [InlineData(Precedence.Priority)]
    [InlineData(Precedence.Routine)]
    public void EncodeThenTryDecode_OfEveryPrecedence_RoundTrips(Precedence precedence)
    {
        var envelope = Sample(precedence);
        AssertSameFields(envelope, RoundTrip(envelope));
        Assert.Equal((byte)precedence, envelope.Encode()[44]);
    }

    [Theory]
    [InlineData("Staatssekretär@bund.example", "Генерал@генштаб.example")]
    [InlineData("国防部长", "مكتب الوزير")]
    [InlineData("🚨 duty", "📞 hotline")]
    [InlineData("", "")]
    public void EncodeThenTryDecode_WithUnicodeOrEmptyAddresses_RoundTrips(string from, string to)
    {
        var envelope = Sample(from: from, to: to);
        AssertSameFields(envelope, RoundTrip(envelope));
    }

    [Fact]
    public void EncodeThenTryDecode_WithEmptyBody_RoundTrips()
    {
        var envelope = Sample(body: []);
        var decoded = RoundTrip(envelope);
        Assert.Empty(decoded.SealedBody);
        Assert.Equal(Envelope.FixedHeaderSize + 2 + 15 + 2 + 18 + 4, envelope.Encode().Length);
    }

    [Fact]
    public void EncodeThenTryDecode_WithUnknownTypeAndExtremeValues_RoundTrips()
    {
        var envelope = Sample() with
        {
            Type = (EnvelopeType)0xffff,
            Sequence = long.MaxValue,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(0),
        };
        AssertSameFields(envelope, RoundTrip(envelope));
    }

    [Fact]
    public void Encode_WritesTheDocumentedLayout()
    {
        var bytes = Sample(Precedence.Priority).Encode();
        Assert.Equal("HLE\u0001"u8.ToArray(), bytes[..4]);
        Assert.Equal("0f1e2d3c4b5a49788796a5b4c3d2e1f0", Convert.ToHexStringLower(bytes[4..20]));
        Assert.Equal("00112233445566778899aabbccddeeff", Convert.ToHexStringLower(bytes[20..36]));
        Assert.Equal(42UL, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(36)));
        Assert.Equal(2, bytes[44]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(45)));
        Assert.Equal(1767225600123L, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(47)));
        Assert.Equal(s_sender, bytes[55..87]);
        Assert.Equal(15, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(87)));
        Assert.Equal("secretary@alpha", Encoding.UTF8.GetString(bytes, 89, 15));
        Assert.Equal(18, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(104)));
        Assert.Equal("duty-officer@bravo", Encoding.UTF8.GetString(bytes, 106, 18));
        Assert.Equal(4U, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(124)));
        Assert.Equal([1, 2, 3, 4], bytes[128..]);
    }

    [Fact]
    public void AssociatedData_IsTheEncodedHeaderWithSequenceZeroedUpToTo()
    {
        var envelope = Sample();
        var encoded = envelope.Encode();
        var aad = envelope.AssociatedData();
        var expected = encoded[..(encoded.Length - 4 - envelope.SealedBody.Length)];
        expected.AsSpan(36, 8).Clear();
        Assert.Equal(expected, aad);
        Assert.Equal(aad, (envelope with { Sequence = 7, SealedBody = [9, 9] }).AssociatedData());
    }

    [Fact]
    public void Encode_OfTheLargestBody_IsExactlyMaxSize()
    {
        var envelope = Sample(from: "", to: "", body: new byte[Envelope.MaxBodyWithoutAddresses + BodySeal.Overhead]);
        Assert.Equal(Envelope.MaxSize, envelope.Encode().Length);
        RoundTrip(envelope);
    }

    [Fact]
    public void Encode_WithBodyMakingTheEnvelopeLargerThan60KiB_IsRefusedWithAClearMessage()
    {
        var envelope = Sample(from: "", to: "", body: new byte[Envelope.MaxBodyWithoutAddresses + BodySeal.Overhead + 1]);
        var exception = Assert.Throws<ArgumentException>(envelope.Encode);
        Assert.Contains("61441 bytes", exception.Message, StringComparison.Ordinal);
        Assert.Contains("61440", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_WithAddressLongerThan256Bytes_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Sample(from: new string('a', 257)).Encode());
        Assert.Throws<ArgumentException>(() => Sample(to: new string('é', 129)).Encode());
        RoundTrip(Sample(from: new string('a', 256), to: new string('é', 128)));
    }

    [Fact]
    public void Encode_WithSenderNot32Bytes_IsRefused()
        => Assert.Throws<ArgumentException>(() => (Sample() with { Sender = new byte[31] }).Encode());

    [Fact]
    public void TryDecode_EveryTruncation_IsRefusedWithAReason()
    {
        var bytes = Sample(from: "Staatssekretär", to: "duty", body: new byte[200]).Encode();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(Envelope.TryDecode(bytes.AsSpan(0, length), out _, out var error), $"length {length}");
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }

    [Fact]
    public void TryDecode_WithBadMagic_IsRefused()
    {
        foreach (var index in new[] { 0, 1, 2, 3 })
        {
            var bytes = Sample().Encode();
            bytes[index] ^= 0x20;
            Assert.False(Envelope.TryDecode(bytes, out _, out var error));
            Assert.Contains("magic", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0x80)]
    [InlineData(0xff)]
    public void TryDecode_WithUnknownPrecedence_IsRefused(byte precedence)
    {
        var bytes = Sample().Encode();
        bytes[44] = precedence;
        Assert.False(Envelope.TryDecode(bytes, out _, out var error));
        Assert.Equal($"unknown precedence {precedence}", error);
    }

    [Fact]
    public void TryDecode_WithAddressLengthAbove256_IsRefused()
    {
        var envelope = Sample(from: new string('a', 256), to: "");
        var encoded = envelope.Encode();

        // Grow "from" by one byte and fix the body length so only the address limit is wrong.
        var grown = new byte[encoded.Length + 1];
        encoded.AsSpan(0, 89 + 256).CopyTo(grown);
        grown[89 + 256] = (byte)'a';
        encoded.AsSpan(89 + 256).CopyTo(grown.AsSpan(89 + 257));
        BinaryPrimitives.WriteUInt16BigEndian(grown.AsSpan(87), 257);
        Assert.False(Envelope.TryDecode(grown, out _, out var error));
        Assert.Equal("an address is longer than 256 bytes", error);
    }

    [Theory]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { 0xc3 })]
    [InlineData(new byte[] { 0xc0, 0xaf })]
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })]
    [InlineData(new byte[] { 0xf4, 0x90, 0x80, 0x80 })]
    public void TryDecode_WithInvalidUtf8Address_IsRefused(byte[] invalid)
    {
        var encoded = Sample(from: new string('x', invalid.Length)).Encode();
        invalid.CopyTo(encoded, 89);
        Assert.False(Envelope.TryDecode(encoded, out _, out var error));
        Assert.Equal("an address is not valid UTF-8", error);

        var to = Sample(to: new string('x', invalid.Length)).Encode();
        invalid.CopyTo(to, 89 + 15 + 2);
        Assert.False(Envelope.TryDecode(to, out _, out error));
        Assert.Equal("an address is not valid UTF-8", error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void TryDecode_WithTrailingBytes_IsRefused(int extra)
    {
        byte[] bytes = [.. Sample().Encode(), .. new byte[extra]];
        Assert.False(Envelope.TryDecode(bytes, out _, out var error));
        Assert.Equal("there are bytes after the body", error);
    }

    [Fact]
    public void TryDecode_WithBodyLengthBeyondTheEnd_IsRefused()
    {
        var bytes = Sample().Encode();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(124), uint.MaxValue);
        Assert.False(Envelope.TryDecode(bytes, out _, out var error));
        Assert.Equal("the body is truncated", error);
    }

    [Fact]
    public void TryDecode_LargerThanMaxSize_IsRefused()
    {
        var bytes = new byte[Envelope.MaxSize + 1];
        "HLE\u0001"u8.CopyTo(bytes);
        Assert.False(Envelope.TryDecode(bytes, out _, out var error));
        Assert.Contains("61441 bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_WithSequenceAbove2To63Minus1_IsRefused()
    {
        var bytes = Sample().Encode();
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(36), 1UL << 63);
        Assert.False(Envelope.TryDecode(bytes, out _, out var error));
        Assert.Equal("the sequence number is out of range", error);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(253402300800000L)]
    public void TryDecode_WithCreationTimeOutOfRange_IsRefused(long milliseconds)
    {
        var bytes = Sample().Encode();
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(47), milliseconds);
        Assert.False(Envelope.TryDecode(bytes, out _, out var error));
        Assert.Equal("the creation time is out of range", error);
    }

    [Fact]
    public void GuidBytes_AreBigEndianAsTheStringReads()
    {
        var id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        Assert.Equal("00112233445566778899aabbccddeeff", Convert.ToHexStringLower(Envelope.GuidBytes(id)));
        Assert.Equal(id, Envelope.ReadGuid(Envelope.GuidBytes(id)));
    }
}
