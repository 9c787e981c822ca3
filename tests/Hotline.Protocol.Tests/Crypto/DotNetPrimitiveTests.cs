using System.Security.Cryptography;

namespace Hotline.Protocol.Tests.Crypto;

/// <summary>
/// The same RFC 8439 and RFC 5869 vectors through .NET's System.Security.Cryptography (OpenSSL on Linux), which the
/// body seal may use instead of NSec for speed: both libraries must compute the same bytes.
/// </summary>
public sealed class DotNetPrimitiveTests
{
    [Fact]
    public void ChaCha20Poly1305_EncryptsAndDecryptsRfc8439Section282()
    {
        Assert.True(ChaCha20Poly1305.IsSupported);
        var vector = Vectors.Record("rfc8439-chacha20poly1305.txt", "2.8.2");
        var plaintext = Vectors.Hex(vector["plaintext"]);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aead = new ChaCha20Poly1305(Vectors.Hex(vector["key"]));
        aead.Encrypt(Vectors.Hex(vector["nonce"]), plaintext, ciphertext, tag, Vectors.Hex(vector["aad"]));
        Assert.Equal(vector["ciphertext"], Convert.ToHexStringLower(ciphertext));
        Assert.Equal(vector["tag"], Convert.ToHexStringLower(tag));

        var decrypted = new byte[plaintext.Length];
        aead.Decrypt(Vectors.Hex(vector["nonce"]), ciphertext, tag, decrypted, Vectors.Hex(vector["aad"]));
        Assert.Equal(plaintext, decrypted);
        tag[0] ^= 1;
        Assert.Throws<AuthenticationTagMismatchException>(() => aead.Decrypt(Vectors.Hex(vector["nonce"]), ciphertext, tag, decrypted, Vectors.Hex(vector["aad"])));
    }

    public static TheoryData<string> HkdfNames => NSecPrimitiveTests.HkdfNames;

    [Theory]
    [MemberData(nameof(HkdfNames))]
    public void Hkdf_ExtractAndExpand_GiveRfc5869(string name)
    {
        var vector = Vectors.Record("rfc5869-hkdf-sha256.txt", name);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, Vectors.Hex(vector["ikm"]), Vectors.Hex(vector["salt"]));
        Assert.Equal(vector["prk"], Convert.ToHexStringLower(prk));
        var okm = new byte[Vectors.Hex(vector["okm"]).Length];
        HKDF.Expand(HashAlgorithmName.SHA256, prk, okm, Vectors.Hex(vector["info"]));
        Assert.Equal(vector["okm"], Convert.ToHexStringLower(okm));
    }
}
