using System.Security.Cryptography;
using System.Text;

namespace Hotline.Protocol.Crypto;

/// <summary>
/// End-to-end body encryption, HPKE-style (RFC 9180 base mode, simplified): X25519 (RFC 7748), HKDF-SHA256 (RFC 5869),
/// ChaCha20-Poly1305 (RFC 8439). A random 32-byte content key encrypts the body; the content key is wrapped once per
/// recipient (slot 0: the peer node, slot 1: the sending node itself, so it can read its own transcript).
/// <code>
/// sealed body = suite (1 byte, 0x01) || ephemeral X25519 public key (32)
///             || wrap[0] (48) || wrap[1] (48) || ChaCha20-Poly1305(content key, nonce 0, body, aad) (len + 16)
/// prk[i]  = HKDF-Extract(salt = ephemeral public || recipient public, X25519(ephemeral, recipient))
/// kek[i]  = HKDF-Expand(prk[i], "hotline/v1 body-wrap" || envelope id, 32)
/// wrap[i] = ChaCha20-Poly1305(kek[i], nonce 0, content key, aad)
/// </code>
/// Every key used with the all-zero nonce is used once: the content key is fresh per envelope and each key-encryption
/// key is bound to the envelope id. One ephemeral key may therefore serve many envelopes (an "epoch"), which keeps
/// the X25519 cost off the per-message path; forward secrecy holds per epoch. docs/protocol.md §Body gives the bytes.
/// </summary>
public static class BodySeal
{
    public const byte SuiteX25519HkdfSha256ChaCha20Poly1305 = 0x01;
    public const int KeySize = 32;
    public const int WrapSize = KeySize + TagSize;
    public const int TagSize = 16;
    public const int HeaderSize = 1 + KeySize + (2 * WrapSize);

    /// <summary>Bytes a sealed body adds to the plaintext.</summary>
    public const int Overhead = HeaderSize + TagSize;

    public const int PeerSlot = 0;
    public const int SenderSlot = 1;

    private static readonly byte[] s_wrapInfo = Encoding.ASCII.GetBytes("hotline/v1 body-wrap");
    private static readonly byte[] s_zeroNonce = new byte[12];

    internal static void DeriveKek(ReadOnlySpan<byte> prk, ReadOnlySpan<byte> envelopeId, Span<byte> kek)
    {
        Span<byte> info = stackalloc byte[s_wrapInfo.Length + envelopeId.Length];
        s_wrapInfo.CopyTo(info);
        envelopeId.CopyTo(info[s_wrapInfo.Length..]);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, kek, info);
    }

    internal static void Salt(ReadOnlySpan<byte> ephemeralPublic, ReadOnlySpan<byte> recipientPublic, Span<byte> salt)
    {
        ephemeralPublic.CopyTo(salt);
        recipientPublic.CopyTo(salt[KeySize..]);
    }

    // ChaCha20-Poly1305 and HKDF-Expand come from .NET (OpenSSL underneath): importing a key into libsodium's guarded
    // memory costs ~65 µs per key, which three keys per envelope cannot afford. Layout as RFC 8439: ciphertext || tag.
    internal static void AeadEncrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        using var aead = new ChaCha20Poly1305(key);
        aead.Encrypt(s_zeroNonce, plaintext, ciphertext[..plaintext.Length], ciphertext.Slice(plaintext.Length, TagSize), aad);
    }

    internal static bool AeadDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        using var aead = new ChaCha20Poly1305(key);
        try
        {
            aead.Decrypt(s_zeroNonce, ciphertext[..^TagSize], ciphertext[^TagSize..], plaintext[..(ciphertext.Length - TagSize)], aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            plaintext.Clear();
            return false;
        }
    }
}

/// <summary>
/// Seals bodies for one (peer, sender) pair under one ephemeral key. The two X25519 agreements happen once, here;
/// each <see cref="Seal"/> costs two HKDF-Expand and three small AEAD operations.
/// </summary>
public sealed class BodySealer
{
    private readonly byte[] _ephemeralPublic;
    private readonly byte[] _peerPrk = new byte[32];
    private readonly byte[] _senderPrk = new byte[32];

    /// <param name="ephemeralPrivateKey">32 fresh random bytes, an argument so test vectors reproduce.</param>
    /// <param name="peerPublicKey">The receiving node's X25519 public key (slot 0).</param>
    /// <param name="senderPublicKey">The sending node's own X25519 public key (slot 1).</param>
    public BodySealer(ReadOnlySpan<byte> ephemeralPrivateKey, ReadOnlySpan<byte> peerPublicKey, ReadOnlySpan<byte> senderPublicKey)
    {
        using var ephemeral = NodeAgreementKey.FromPrivateKey(ephemeralPrivateKey);
        _ephemeralPublic = ephemeral.PublicKey;
        Span<byte> salt = stackalloc byte[64];
        BodySeal.Salt(_ephemeralPublic, peerPublicKey, salt);
        if (!ephemeral.TryExtract(peerPublicKey, salt, _peerPrk))
        {
            throw new ArgumentException("The peer's X25519 public key is invalid.", nameof(peerPublicKey));
        }

        BodySeal.Salt(_ephemeralPublic, senderPublicKey, salt);
        if (!ephemeral.TryExtract(senderPublicKey, salt, _senderPrk))
        {
            throw new ArgumentException("The sender's X25519 public key is invalid.", nameof(senderPublicKey));
        }
    }

    /// <summary>The ephemeral public key written into every body this sealer produces.</summary>
    public ReadOnlySpan<byte> EphemeralPublicKey => _ephemeralPublic;

    /// <summary>Seals <paramref name="plaintext"/>; <paramref name="contentKey"/> is 32 fresh random bytes.</summary>
    public byte[] Seal(ReadOnlySpan<byte> envelopeId, ReadOnlySpan<byte> contentKey, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext)
    {
        if (contentKey.Length != BodySeal.KeySize)
        {
            throw new ArgumentException("A content key is 32 bytes.", nameof(contentKey));
        }

        var output = new byte[checked(BodySeal.Overhead + plaintext.Length)];
        output[0] = BodySeal.SuiteX25519HkdfSha256ChaCha20Poly1305;
        _ephemeralPublic.CopyTo(output.AsSpan(1));
        Span<byte> kek = stackalloc byte[32];
        var offset = 1 + BodySeal.KeySize;
        foreach (var prk in new[] { _peerPrk, _senderPrk })
        {
            BodySeal.DeriveKek(prk, envelopeId, kek);
            BodySeal.AeadEncrypt(kek, aad, contentKey, output.AsSpan(offset, BodySeal.WrapSize));
            offset += BodySeal.WrapSize;
        }

        BodySeal.AeadEncrypt(contentKey, aad, plaintext, output.AsSpan(BodySeal.HeaderSize));
        return output;
    }
}

/// <summary>
/// Opens sealed bodies addressed to one node key. Caches the HKDF-Extract result per ephemeral key, so an epoch of
/// envelopes costs one X25519 to read. Not thread-safe; use one per thread or lock.
/// </summary>
public sealed class BodyOpener(NodeAgreementKey key)
{
    private readonly Dictionary<(string Ephemeral, int Slot), byte[]> _prks = [];

    /// <summary>Decrypts a sealed body from <paramref name="slot"/>. False on any tampering or wrong key.</summary>
    public bool TryOpen(ReadOnlySpan<byte> sealedBody, int slot, ReadOnlySpan<byte> envelopeId, ReadOnlySpan<byte> aad, out byte[] plaintext)
    {
        var opened = TryOpen(sealedBody, slot, envelopeId, aad, out plaintext, out var contentKey);
        CryptographicOperations.ZeroMemory(contentKey);
        return opened;
    }

    /// <summary>Decrypts a sealed body and also gives its content key <c>K</c>: what selective disclosure reveals of
    /// one envelope (<see cref="BodyDisclosure"/>), and nothing about any other.</summary>
    public bool TryOpen(ReadOnlySpan<byte> sealedBody, int slot, ReadOnlySpan<byte> envelopeId, ReadOnlySpan<byte> aad, out byte[] plaintext, out byte[] disclosedKey)
    {
        plaintext = [];
        disclosedKey = [];
        if (sealedBody.Length < BodySeal.Overhead || sealedBody[0] != BodySeal.SuiteX25519HkdfSha256ChaCha20Poly1305
            || slot is not (BodySeal.PeerSlot or BodySeal.SenderSlot))
        {
            return false;
        }

        var ephemeralPublic = sealedBody.Slice(1, BodySeal.KeySize);
        var cacheKey = (Convert.ToHexString(ephemeralPublic), slot);
        if (!_prks.TryGetValue(cacheKey, out var prk))
        {
            prk = new byte[32];
            Span<byte> salt = stackalloc byte[64];
            BodySeal.Salt(ephemeralPublic, key.PublicKey, salt);
            if (!key.TryExtract(ephemeralPublic, salt, prk))
            {
                return false;
            }

            if (_prks.Count > 1024)
            {
                _prks.Clear();
            }

            _prks[cacheKey] = prk;
        }

        Span<byte> kek = stackalloc byte[32];
        BodySeal.DeriveKek(prk, envelopeId, kek);
        var contentKey = new byte[32];
        var wrap = sealedBody.Slice(1 + BodySeal.KeySize + (slot * BodySeal.WrapSize), BodySeal.WrapSize);
        if (!BodySeal.AeadDecrypt(kek, aad, wrap, contentKey))
        {
            return false;
        }

        if (!BodyDisclosure.TryOpen(sealedBody, contentKey, aad, out plaintext))
        {
            return false;
        }

        disclosedKey = contentKey;
        return true;
    }
}
