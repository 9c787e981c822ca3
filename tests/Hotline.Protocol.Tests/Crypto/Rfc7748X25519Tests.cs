using Hotline.Protocol.Crypto;
using NSec.Cryptography;

namespace Hotline.Protocol.Tests.Crypto;

/// <summary>RFC 7748 §5.2 and §6.1 X25519 vectors (tests/vectors/rfc7748-x25519.txt) through <see cref="NodeAgreementKey"/>.</summary>
public sealed class Rfc7748X25519Tests
{
    private const string File = "rfc7748-x25519.txt";

    [Theory]
    [InlineData("5.2 first")]
    [InlineData("5.2 second")]
    public void AgreeRaw_OfScalarAndUCoordinate_IsThePublishedOutput(string name)
    {
        var vector = Vectors.Record(File, name);
        using var key = NodeAgreementKey.FromPrivateKey(Vectors.Hex(vector["scalar"]));
        Assert.Equal(vector["output"], Convert.ToHexStringLower(key.AgreeRaw(Vectors.Hex(vector["u"]))!));
    }

    [Fact]
    public void FromPrivateKey_DerivesAliceAndBobsPublishedPublicKeys()
    {
        var vector = Vectors.Record(File, "6.1");
        using var alice = NodeAgreementKey.FromPrivateKey(Vectors.Hex(vector["alice.private"]));
        using var bob = NodeAgreementKey.FromPrivateKey(Vectors.Hex(vector["bob.private"]));
        Assert.Equal(vector["alice.public"], Convert.ToHexStringLower(alice.PublicKey));
        Assert.Equal(vector["bob.public"], Convert.ToHexStringLower(bob.PublicKey));
    }

    [Fact]
    public void AgreeRaw_AliceWithBobAndBobWithAlice_GiveThePublishedSharedSecret()
    {
        var vector = Vectors.Record(File, "6.1");
        using var alice = NodeAgreementKey.FromPrivateKey(Vectors.Hex(vector["alice.private"]));
        using var bob = NodeAgreementKey.FromPrivateKey(Vectors.Hex(vector["bob.private"]));
        Assert.Equal(vector["shared"], Convert.ToHexStringLower(alice.AgreeRaw(Vectors.Hex(vector["bob.public"]))!));
        Assert.Equal(vector["shared"], Convert.ToHexStringLower(bob.AgreeRaw(Vectors.Hex(vector["alice.public"]))!));
    }

    [Fact]
    public void TryExtract_IsHkdfExtractOfThePublishedSharedSecret_OnBothSides()
    {
        var vector = Vectors.Record(File, "6.1");
        var salt = "hotline test salt"u8.ToArray();
        using var shared = SharedSecret.Import(Vectors.Hex(vector["shared"]), SharedSecretBlobFormat.RawSharedSecret);
        var expected = KeyDerivationAlgorithm.HkdfSha256.Extract(shared, salt);

        using var alice = NodeAgreementKey.FromPrivateKey(Vectors.Hex(vector["alice.private"]));
        using var bob = NodeAgreementKey.FromPrivateKey(Vectors.Hex(vector["bob.private"]));
        var fromAlice = new byte[32];
        var fromBob = new byte[32];
        Assert.True(alice.TryExtract(Vectors.Hex(vector["bob.public"]), salt, fromAlice));
        Assert.True(bob.TryExtract(Vectors.Hex(vector["alice.public"]), salt, fromBob));
        Assert.Equal(expected, fromAlice);
        Assert.Equal(expected, fromBob);
    }

    // u = 0 and u = 1 are points of small order (RFC 7748 §6.1's all-zero check) give an all-zero shared secret for every scalar.
    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")]
    public void TryExtract_WithLowOrderPoint_IsRefused(string lowOrderPoint)
    {
        using var alice = NodeAgreementKey.FromPrivateKey(Vectors.Hex(Vectors.Record(File, "6.1")["alice.private"]));
        var prk = new byte[32];
        Assert.False(alice.TryExtract(Convert.FromHexString(lowOrderPoint), "salt"u8, prk));
        Assert.Null(alice.AgreeRaw(Convert.FromHexString(lowOrderPoint)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void TryExtract_WithWrongLengthPeerKey_IsRefused(int length)
    {
        using var alice = NodeAgreementKey.FromPrivateKey(Vectors.Hex(Vectors.Record(File, "6.1")["alice.private"]));
        Assert.False(alice.TryExtract(new byte[length], "salt"u8, new byte[32]));
    }

    [Fact]
    public void ExportPrivateKey_ReturnsTheImportedKey()
    {
        var privateKey = Vectors.Hex(Vectors.Record(File, "6.1")["bob.private"]);
        using var bob = NodeAgreementKey.FromPrivateKey(privateKey);
        Assert.Equal(privateKey, bob.ExportPrivateKey());
        Assert.Equal("NodeAgreementKey", bob.ToString());
    }

    [Fact]
    public void FromPrivateKey_WithWrongLength_Throws()
        => Assert.Throws<ArgumentException>(() => NodeAgreementKey.FromPrivateKey(new byte[31]));
}
