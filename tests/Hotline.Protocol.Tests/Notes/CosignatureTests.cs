using System.Buffers.Binary;
using System.Text;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;

namespace Hotline.Protocol.Tests.Notes;

/// <summary>C2SP tlog-cosignature v1.0.1 (Ed25519, type 0x04): Hotline's receipt.</summary>
public sealed class CosignatureTests
{
    internal const string CosignerName = "hotline/node/bravo";
    internal const string CheckpointText = "hotline/link/0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0/alpha\n13\nPHZ11Xp8Lo6GAo3JEdF7GGX4A4+M6hPC2i67abUfbXU=\n";
    internal const ulong Time = 1767225600;

    internal static NodeSigningKey CosignerKey() => NodeSigningKey.FromSeed(Enumerable.Range(0x20, 32).Select(i => (byte)i).ToArray());

    private static NoteKey CosignerNoteKey(NodeSigningKey key) => new(CosignerName, NoteKey.CosignatureV1Type, key.PublicKey);

    [Fact]
    public void SignedMessage_IsHeaderTimeLineAndCheckpointText()
        => Assert.Equal(Encoding.UTF8.GetBytes("cosignature/v1\ntime 1767225600\n" + CheckpointText), Cosignature.SignedMessage(CheckpointText, Time));

    [Fact]
    public void Sign_ProducesKeyIdOfType4AndTimestampedSignature()
    {
        using var key = CosignerKey();
        var signature = Cosignature.Sign(CheckpointText, Time, CosignerName, key);
        Assert.Equal(CosignerName, signature.KeyName);
        Assert.Equal(CosignerNoteKey(key).KeyId, signature.KeyId);
        Assert.NotEqual(new NoteKey(CosignerName, NoteKey.Ed25519Type, key.PublicKey).KeyId, signature.KeyId);
        Assert.Equal(Cosignature.SignatureLength, signature.Signature.Length);
        Assert.Equal(Time, BinaryPrimitives.ReadUInt64BigEndian(signature.Signature));
        Assert.Equal(key.Sign(Cosignature.SignedMessage(CheckpointText, Time)), signature.Signature[8..]);
    }

    [Fact]
    public void Sign_ThenVerify_IsTrueAndReturnsTheTime()
    {
        using var key = CosignerKey();
        var signature = Cosignature.Sign(CheckpointText, Time, CosignerName, key);
        Assert.True(Cosignature.Verify(CheckpointText, signature, CosignerNoteKey(key), out var timestamp));
        Assert.Equal(Time, timestamp);
    }

    [Fact]
    public void SignatureLine_RoundTripsThroughTheNoteParser()
    {
        using var key = CosignerKey();
        var signature = Cosignature.Sign(CheckpointText, Time, CosignerName, key);
        var line = signature.ToLine();
        Assert.StartsWith("\u2014 hotline/node/bravo ", line, StringComparison.Ordinal);
        Assert.True(SignedNote.TryParseSignatureLine(line.TrimEnd('\n'), out var parsed, out var error), error);
        Assert.True(Cosignature.Verify(CheckpointText, parsed, CosignerNoteKey(key), out _));
    }

    [Fact]
    public void Verify_WithOtherTime_Fails()
    {
        using var key = CosignerKey();
        var signature = Cosignature.Sign(CheckpointText, Time, CosignerName, key);
        var blob = signature.Signature.ToArray();
        BinaryPrimitives.WriteUInt64BigEndian(blob, Time + 1);
        Assert.False(Cosignature.Verify(CheckpointText, signature with { Signature = blob }, CosignerNoteKey(key), out _));
    }

    [Fact]
    public void Verify_WithOtherText_Fails()
    {
        using var key = CosignerKey();
        var signature = Cosignature.Sign(CheckpointText, Time, CosignerName, key);
        Assert.False(Cosignature.Verify(CheckpointText.Replace("\n13\n", "\n14\n", StringComparison.Ordinal), signature, CosignerNoteKey(key), out _));
    }

    [Fact]
    public void Verify_WithOtherKeyName_Fails()
    {
        using var key = CosignerKey();
        var signature = Cosignature.Sign(CheckpointText, Time, CosignerName, key);
        var otherName = new NoteKey("hotline/node/charlie", NoteKey.CosignatureV1Type, key.PublicKey);
        Assert.False(Cosignature.Verify(CheckpointText, signature, otherName, out _));
        Assert.False(Cosignature.Verify(CheckpointText, signature with { KeyName = "hotline/node/charlie" }, CosignerNoteKey(key), out _));
    }

    [Fact]
    public void Verify_WithOtherKey_Fails()
    {
        using var key = CosignerKey();
        using var other = NodeSigningKey.FromSeed(new byte[32]);
        var signature = Cosignature.Sign(CheckpointText, Time, CosignerName, key);
        Assert.False(Cosignature.Verify(CheckpointText, signature, CosignerNoteKey(other), out _));
    }

    [Fact]
    public void Verify_AgainstAnEd25519TypeKey_Fails()
    {
        using var key = CosignerKey();
        var signature = Cosignature.Sign(CheckpointText, Time, CosignerName, key);
        Assert.False(Cosignature.Verify(CheckpointText, signature, new NoteKey(CosignerName, NoteKey.Ed25519Type, key.PublicKey), out _));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(71)]
    [InlineData(73)]
    public void Verify_WithWrongSignatureLength_Fails(int length)
    {
        using var key = CosignerKey();
        var signature = Cosignature.Sign(CheckpointText, Time, CosignerName, key);
        var blob = new byte[length];
        signature.Signature.AsSpan(0, Math.Min(length, signature.Signature.Length)).CopyTo(blob);
        Assert.False(Cosignature.Verify(CheckpointText, signature with { Signature = blob }, CosignerNoteKey(key), out _));
    }

    // tlog-cosignature v1.0.1: "timestamp ... MUST NOT exceed 2^63 - 1".
    [Fact]
    public void Verify_WithTimestampAbove2To63Minus1_Fails()
    {
        using var key = CosignerKey();
        const ulong tooLate = (ulong)long.MaxValue + 1;
        var signature = Cosignature.Sign(CheckpointText, tooLate, CosignerName, key);
        Assert.False(Cosignature.Verify(CheckpointText, signature, CosignerNoteKey(key), out _));
    }

    [Fact]
    public void ToVerifierKey_OfACosigner_StartsWithType4()
    {
        using var key = CosignerKey();
        var text = CosignerNoteKey(key).ToVerifierKey();
        Assert.True(NoteKey.TryParseVerifierKey(text, out var parsed, out var error), error);
        Assert.Equal(NoteKey.CosignatureV1Type, parsed.Type);
        Assert.Equal(key.PublicKey, parsed.PublicKey);
        Assert.Equal(0x04, Convert.FromBase64String(text.Split('+')[2])[0]);
    }
}
