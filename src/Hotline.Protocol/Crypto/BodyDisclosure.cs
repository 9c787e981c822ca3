namespace Hotline.Protocol.Crypto;

/// <summary>
/// Selective disclosure of one envelope's body (docs/evidence.md): the holder reveals the envelope's content key
/// <c>K</c> (§4 of docs/protocol.md), which opens that body's ciphertext <c>C</c> and no other (every envelope has its
/// own fresh <c>K</c>). A verifier decrypts <c>C</c> with <c>K</c> under the envelope's AAD and compares with the
/// disclosed plaintext: the AEAD tag binds the plaintext to the signed envelope bytes.
/// Limitation: ChaCha20-Poly1305 is not key-committing, so a sender who crafted an envelope on purpose to open two ways
/// under two keys could later disclose either; a committing format (a hash of <c>K</c> in the header) would close that.
/// </summary>
public static class BodyDisclosure
{
    /// <summary>Opens the body's ciphertext with a disclosed content key; false if the key does not open it.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> sealedBody, ReadOnlySpan<byte> contentKey, ReadOnlySpan<byte> aad, out byte[] plaintext)
    {
        plaintext = [];
        if (contentKey.Length != BodySeal.KeySize || sealedBody.Length < BodySeal.Overhead || sealedBody[0] != BodySeal.SuiteX25519HkdfSha256ChaCha20Poly1305)
        {
            return false;
        }

        var ciphertext = sealedBody[BodySeal.HeaderSize..];
        var output = new byte[ciphertext.Length - BodySeal.TagSize];
        if (!BodySeal.AeadDecrypt(contentKey, aad, ciphertext, output))
        {
            return false;
        }

        plaintext = output;
        return true;
    }
}
