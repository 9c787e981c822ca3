using NSec.Cryptography;

namespace Hotline.Protocol.Crypto;

/// <summary>
/// A node's X25519 key (RFC 7748) for body encryption: 32-byte private scalar, 32-byte public key.
/// <see cref="ToString"/> prints no key material.
/// </summary>
public sealed class NodeAgreementKey : IDisposable
{
    private readonly Key _key;

    private NodeAgreementKey(Key key)
    {
        _key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The raw 32-byte X25519 public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>Imports a 32-byte X25519 private key.</summary>
    public static NodeAgreementKey FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            throw new ArgumentException("An X25519 private key is 32 bytes.", nameof(privateKey));
        }

        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        return new NodeAgreementKey(Key.Import(KeyAgreementAlgorithm.X25519, privateKey, KeyBlobFormat.RawPrivateKey, in parameters));
    }

    /// <summary>The private key, for writing the owner-only key file.</summary>
    public byte[] ExportPrivateKey() => _key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>
    /// HKDF-Extract(salt, X25519(this, peer)): the pseudorandom key both sides derive from one Diffie-Hellman.
    /// Returns false when the peer key is malformed or a low-order point (the shared secret would be all zeros).
    /// </summary>
    public bool TryExtract(ReadOnlySpan<byte> peerPublicKey, ReadOnlySpan<byte> salt, Span<byte> pseudorandomKey)
    {
        if (peerPublicKey.Length != 32
            || !NSec.Cryptography.PublicKey.TryImport(KeyAgreementAlgorithm.X25519, peerPublicKey, KeyBlobFormat.RawPublicKey, out var peer)
            || peer is null)
        {
            return false;
        }

        var parameters = new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        using var shared = KeyAgreementAlgorithm.X25519.Agree(_key, peer, in parameters);
        if (shared is null)
        {
            return false;
        }

        KeyDerivationAlgorithm.HkdfSha256.Extract(shared, salt, pseudorandomKey);
        return true;
    }

    /// <summary>Raw X25519(this, peer), for RFC 7748 vectors. Null for a low-order peer key.</summary>
    public byte[]? AgreeRaw(ReadOnlySpan<byte> peerPublicKey)
    {
        var peer = NSec.Cryptography.PublicKey.Import(KeyAgreementAlgorithm.X25519, peerPublicKey, KeyBlobFormat.RawPublicKey);
        var parameters = new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        using var shared = KeyAgreementAlgorithm.X25519.Agree(_key, peer, in parameters);
        return shared?.Export(SharedSecretBlobFormat.RawSharedSecret);
    }

    public void Dispose() => _key.Dispose();

    public override string ToString() => nameof(NodeAgreementKey);
}
