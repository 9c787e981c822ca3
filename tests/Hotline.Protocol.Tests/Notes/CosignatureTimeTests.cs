using System.Buffers.Binary;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;
using static Hotline.Protocol.Tests.Notes.CosignatureTests;

namespace Hotline.Protocol.Tests.Notes;

/// <summary>
/// <see cref="Cosignature.TryReadTime"/>: the time a stored receipt line states (when the receiving node stored what it
/// cosigned), which both nodes read as the request's delivery time. It reads, it does not verify: lines are verified
/// when they are stored. Shares the cosigner and checkpoint of <see cref="CosignatureTests"/> (Time is 2026-01-01T00:00:00Z).
/// </summary>
public sealed class CosignatureTimeTests
{
    private static string CosignatureLine(ulong timestamp)
    {
        using var key = CosignerKey();
        return Cosignature.Sign(CheckpointText, timestamp, CosignerName, key).ToLine();
    }

    /// <summary>A line with a 76-byte blob holding <paramref name="timestamp"/>, whatever the signature (for times
    /// <see cref="Cosignature.Sign"/> would also produce, but quicker to vary).</summary>
    private static string LineWithTimestamp(ulong timestamp)
    {
        var blob = new byte[Cosignature.SignatureLength];
        BinaryPrimitives.WriteUInt64BigEndian(blob, timestamp);
        return new NoteSignature(CosignerName, 0x01020304, blob).ToLine();
    }

    [Fact]
    public void ReadsTheTimeOfALineFromCosignatureSign_WithItsNewline()
    {
        var line = CosignatureLine(Time);
        Assert.EndsWith("\n", line, StringComparison.Ordinal);

        Assert.True(Cosignature.TryReadTime(line, out var at));

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), at);
        Assert.Equal(TimeSpan.Zero, at.Offset);
    }

    [Fact]
    public void ReadsTheTimeOfALine_WithoutItsNewline()
    {
        Assert.True(Cosignature.TryReadTime(CosignatureLine(Time).TrimEnd('\n'), out var at));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)Time), at);
    }

    [Fact]
    public void TheTimeRead_IsTheTimeThatVerifies()
    {
        using var key = CosignerKey();
        var line = Cosignature.Sign(CheckpointText, Time + 59, CosignerName, key).ToLine();
        Assert.True(SignedNote.TryParseSignatureLine(line.TrimEnd('\n'), out var parsed, out var error), error);
        Assert.True(Cosignature.Verify(CheckpointText, parsed, new NoteKey(CosignerName, NoteKey.CosignatureV1Type, key.PublicKey), out var verified));

        Assert.True(Cosignature.TryReadTime(line, out var at));

        Assert.Equal((long)verified, at.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(253402300799UL)] // 9999-12-31T23:59:59Z, the last second DateTimeOffset holds
    public void ReadsTimesAcrossTheWholeRange(ulong timestamp)
    {
        Assert.True(Cosignature.TryReadTime(LineWithTimestamp(timestamp), out var at));

        Assert.Equal((long)timestamp, at.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData(253402300800UL)] // year 10000
    [InlineData((ulong)long.MaxValue)]
    [InlineData(ulong.MaxValue)]
    public void ATimeBeyondWhatDateTimeOffsetHolds_IsNotRead(ulong timestamp)
    {
        Assert.False(Cosignature.TryReadTime(LineWithTimestamp(timestamp), out var at));
        Assert.Equal(default, at);
    }

    [Fact]
    public void APlainEd25519SignatureLine_IsNotRead()
    {
        // A checkpoint's log signature: key ID || 64-byte signature (68 bytes), no timestamp.
        using var key = CosignerKey();
        var noteKey = new NoteKey("hotline/link/0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0/bravo", NoteKey.Ed25519Type, key.PublicKey);
        var line = new NoteSignature(noteKey.Name, noteKey.KeyId, key.Sign("text\n"u8)).ToLine();

        Assert.False(Cosignature.TryReadTime(line, out var at));
        Assert.Equal(default, at);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(63)]
    [InlineData(71)]
    [InlineData(73)]
    [InlineData(128)]
    public void ALineWhoseSignatureIsNot72Bytes_IsNotRead(int length)
    {
        var blob = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, (uint)Time);

        Assert.False(Cosignature.TryReadTime(new NoteSignature(CosignerName, 1, blob).ToLine(), out _));
    }

    public static TheoryData<string> Garbage()
    {
        var line = CosignatureLine(Time);
        var blob = line.TrimEnd('\n').Split(' ')[^1];
        return
        [
            "",
            "\n",
            "garbage",
            "— ",
            "— hotline/node/bravo",
            "— hotline/node/bravo ",
            line.Replace("\u2014", "-", StringComparison.Ordinal),
            line.Replace("\u2014 ", "\u2014", StringComparison.Ordinal),
            "— hotline/node/bravo !" + blob[1..],
            "— hotline/node/bravo " + blob[..^4],
            "— hotline/node/bravo " + blob + " extra",
            "— hotline/node/bravo  " + blob,
            "— hotline node/bravo " + blob,
            "— hotline/node/bravo " + Convert.ToBase64String(new byte[4]),
            "x" + line,
            "hotline/link/0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0/alpha",
            CheckpointText,
            line + line,
        ];
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_IsNotRead_AndDoesNotThrow(string line)
    {
        Assert.False(Cosignature.TryReadTime(line, out var at));
        Assert.Equal(default, at);
    }

    [Fact]
    public void ReadingDoesNotVerify_ALineWithAForgedSignatureStillGivesItsTime()
    {
        // Documents the contract: the caller reads only lines it verified when it stored them.
        var line = CosignatureLine(Time);
        var parts = line.TrimEnd('\n').Split(' ');
        var blob = Convert.FromBase64String(parts[^1]);
        blob[^1] ^= 0xff;
        var forged = $"{parts[0]} {parts[1]} {Convert.ToBase64String(blob)}\n";

        Assert.True(Cosignature.TryReadTime(forged, out var at));
        Assert.Equal((long)Time, at.ToUnixTimeSeconds());
    }
}
