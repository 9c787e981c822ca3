using NSec.Cryptography;

namespace Hotline.Protocol.Tests.Crypto;

/// <summary>
/// The primitives the body seal builds on, tested directly through NSec (libsodium), so we know the library computes
/// them right: RFC 8439 §2.8.2 ChaCha20-Poly1305 and RFC 5869 HKDF-SHA256.
/// </summary>
public sealed class NSecPrimitiveTests
{
    [Fact]
    public void ChaCha20Poly1305_EncryptsRfc8439Section282()
    {
        var vector = Vectors.Record("rfc8439-chacha20poly1305.txt", "2.8.2");
        using var key = Key.Import(AeadAlgorithm.ChaCha20Poly1305, Vectors.Hex(vector["key"]), KeyBlobFormat.RawSymmetricKey);
        var sealedBytes = AeadAlgorithm.ChaCha20Poly1305.Encrypt(key, Vectors.Hex(vector["nonce"]), Vectors.Hex(vector["aad"]), Vectors.Hex(vector["plaintext"]));
        Assert.Equal(vector["ciphertext"] + vector["tag"], Convert.ToHexStringLower(sealedBytes));
    }

    [Fact]
    public void ChaCha20Poly1305_DecryptsRfc8439Section282()
    {
        var vector = Vectors.Record("rfc8439-chacha20poly1305.txt", "2.8.2");
        using var key = Key.Import(AeadAlgorithm.ChaCha20Poly1305, Vectors.Hex(vector["key"]), KeyBlobFormat.RawSymmetricKey);
        var ciphertext = Vectors.Hex(vector["ciphertext"] + vector["tag"]);
        var plaintext = new byte[ciphertext.Length - AeadAlgorithm.ChaCha20Poly1305.TagSize];
        Assert.True(AeadAlgorithm.ChaCha20Poly1305.Decrypt(key, Vectors.Hex(vector["nonce"]), Vectors.Hex(vector["aad"]), ciphertext, plaintext));
        Assert.Equal(vector["plaintext"], Convert.ToHexStringLower(plaintext));
    }

    [Theory]
    [InlineData("ciphertext")]
    [InlineData("tag")]
    [InlineData("aad")]
    [InlineData("nonce")]
    public void ChaCha20Poly1305_WithOneFlippedBit_DoesNotDecrypt(string field)
    {
        var vector = Vectors.Record("rfc8439-chacha20poly1305.txt", "2.8.2");
        using var key = Key.Import(AeadAlgorithm.ChaCha20Poly1305, Vectors.Hex(vector["key"]), KeyBlobFormat.RawSymmetricKey);
        var ciphertext = Vectors.Hex(vector["ciphertext"] + vector["tag"]);
        var aad = Vectors.Hex(vector["aad"]);
        var nonce = Vectors.Hex(vector["nonce"]);
        var target = field switch
        {
            "ciphertext" => ciphertext.AsSpan(0, ciphertext.Length - 16),
            "tag" => ciphertext.AsSpan(ciphertext.Length - 16),
            "aad" => aad.AsSpan(),
            _ => nonce.AsSpan(),
        };
        target[^1] ^= 0x80;
        Assert.False(AeadAlgorithm.ChaCha20Poly1305.Decrypt(key, nonce, aad, ciphertext, new byte[ciphertext.Length - 16]));
    }

    public static TheoryData<string> HkdfNames => [.. Vectors.Records("rfc5869-hkdf-sha256.txt").Select(r => r["name"])];

    [Theory]
    [MemberData(nameof(HkdfNames))]
    public void HkdfSha256_ExtractThenExpand_GivesRfc5869Prk(string name)
    {
        var vector = Vectors.Record("rfc5869-hkdf-sha256.txt", name);
        using var ikm = SharedSecret.Import(Vectors.Hex(vector["ikm"]), SharedSecretBlobFormat.RawSharedSecret);
        var prk = KeyDerivationAlgorithm.HkdfSha256.Extract(ikm, Vectors.Hex(vector["salt"]));
        Assert.Equal(vector["prk"], Convert.ToHexStringLower(prk));
        var okm = KeyDerivationAlgorithm.HkdfSha256.Expand(prk, Vectors.Hex(vector["info"]), Vectors.Hex(vector["okm"]).Length);
        Assert.Equal(vector["okm"], Convert.ToHexStringLower(okm));
    }

    [Theory]
    [MemberData(nameof(HkdfNames))]
    public void HkdfSha256_DeriveBytes_GivesRfc5869Okm(string name)
    {
        var vector = Vectors.Record("rfc5869-hkdf-sha256.txt", name);
        using var ikm = SharedSecret.Import(Vectors.Hex(vector["ikm"]), SharedSecretBlobFormat.RawSharedSecret);
        var okm = KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(ikm, Vectors.Hex(vector["salt"]), Vectors.Hex(vector["info"]), Vectors.Hex(vector["okm"]).Length);
        Assert.Equal(vector["okm"], Convert.ToHexStringLower(okm));
    }

    [Fact]
    public void HkdfSha256_Expand_IntoSpan_MatchesRfc5869TestCase1()
    {
        // The allocation-free overload (KeyDerivationAlgorithm2) computes the same bytes.
        var vector = Vectors.Record("rfc5869-hkdf-sha256.txt", "A.1 test case 1");
        var okm = new byte[Vectors.Hex(vector["okm"]).Length];
        KeyDerivationAlgorithm2.HkdfSha256.Expand(Vectors.Hex(vector["prk"]), Vectors.Hex(vector["info"]), okm);
        Assert.Equal(vector["okm"], Convert.ToHexStringLower(okm));
    }
}
