using Hotline.Protocol.Crypto;

namespace Hotline.Protocol.Tests.Crypto;

/// <summary>RFC 8032 §7.1 Ed25519 vectors (tests/vectors/rfc8032-ed25519.txt) through <see cref="NodeSigningKey"/>.</summary>
public sealed class Rfc8032Ed25519Tests
{
    private const string File = "rfc8032-ed25519.txt";

    public static TheoryData<string> Names => [.. Vectors.Records(File).Select(r => r["name"])];

    [Fact]
    public void VectorFile_HoldsTest1To3Test1024AndShaAbc()
        => Assert.Equal(["TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"], Names.Select(row => row.Data));

    [Theory]
    [MemberData(nameof(Names))]
    public void FromSeed_DerivesThePublishedPublicKey(string name)
    {
        var vector = Vectors.Record(File, name);
        using var key = NodeSigningKey.FromSeed(Vectors.Hex(vector["secret"]));
        Assert.Equal(vector["public"], Convert.ToHexStringLower(key.PublicKey));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sign_ProducesThePublishedSignature(string name)
    {
        var vector = Vectors.Record(File, name);
        using var key = NodeSigningKey.FromSeed(Vectors.Hex(vector["secret"]));
        Assert.Equal(vector["signature"], Convert.ToHexStringLower(key.Sign(Vectors.Hex(vector["message"]))));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Verify_AcceptsThePublishedSignature(string name)
    {
        var vector = Vectors.Record(File, name);
        Assert.True(NodeSigningKey.Verify(Vectors.Hex(vector["public"]), Vectors.Hex(vector["message"]), Vectors.Hex(vector["signature"])));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Verify_WithFlippedSignatureBit_Fails(string name)
    {
        var vector = Vectors.Record(File, name);
        var signature = Vectors.Hex(vector["signature"]);
        for (var i = 0; i < signature.Length; i += 7)
        {
            signature[i] ^= 0x01;
            Assert.False(NodeSigningKey.Verify(Vectors.Hex(vector["public"]), Vectors.Hex(vector["message"]), signature));
            signature[i] ^= 0x01;
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Verify_WithOtherMessage_Fails(string name)
    {
        var vector = Vectors.Record(File, name);
        byte[] message = [.. Vectors.Hex(vector["message"]), 0x00];
        Assert.False(NodeSigningKey.Verify(Vectors.Hex(vector["public"]), message, Vectors.Hex(vector["signature"])));
    }

    [Fact]
    public void Verify_WithOtherPublicKey_Fails()
    {
        var test1 = Vectors.Record(File, "TEST 1");
        var test2 = Vectors.Record(File, "TEST 2");
        Assert.False(NodeSigningKey.Verify(Vectors.Hex(test2["public"]), Vectors.Hex(test1["message"]), Vectors.Hex(test1["signature"])));
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(31, 64)]
    [InlineData(33, 64)]
    [InlineData(32, 0)]
    [InlineData(32, 63)]
    [InlineData(32, 65)]
    public void Verify_WithWrongLengths_ReturnsFalseWithoutThrowing(int publicKeyLength, int signatureLength)
    {
        var vector = Vectors.Record(File, "TEST 1");
        var publicKey = new byte[publicKeyLength];
        var signature = new byte[signatureLength];
        Vectors.Hex(vector["public"]).AsSpan(0, Math.Min(32, publicKeyLength)).CopyTo(publicKey);
        Vectors.Hex(vector["signature"]).AsSpan(0, Math.Min(64, signatureLength)).CopyTo(signature);
        Assert.False(NodeSigningKey.Verify(publicKey, [], signature));
    }

    [Fact]
    public void Verify_WithPublicKeyNotOnTheCurve_ReturnsFalse()
    {
        // y = 2 is not the y-coordinate of any point on edwards25519 (x² = (y² − 1)/(d·y² + 1) has no root).
        var publicKey = new byte[32];
        publicKey[0] = 2;
        Assert.False(NodeSigningKey.Verify(publicKey, [], new byte[64]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void FromSeed_WithWrongLength_Throws(int length)
        => Assert.Throws<ArgumentException>(() => NodeSigningKey.FromSeed(new byte[length]));

    [Fact]
    public void ExportSeed_ReturnsTheImportedSeed()
    {
        var seed = Vectors.Hex(Vectors.Record(File, "TEST 2")["secret"]);
        using var key = NodeSigningKey.FromSeed(seed);
        Assert.Equal(seed, key.ExportSeed());
    }

    [Fact]
    public void ToString_PrintsNoKeyMaterial()
    {
        using var key = NodeSigningKey.FromSeed(Vectors.Hex(Vectors.Record(File, "TEST 1")["secret"]));
        Assert.Equal("NodeSigningKey", key.ToString());
    }
}
