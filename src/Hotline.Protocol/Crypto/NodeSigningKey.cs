using NSec.Cryptography;

namespace Hotline.Protocol.Crypto;

/// <summary>
/// A node's Ed25519 signing key (RFC 8032): 32-byte seed, 32-byte public key, 64-byte signatures.
/// The seed never leaves the node; <see cref="ToString"/> prints no key material.
/// </summary>
public sealed class NodeSigningKey : IDisposable
{
    private readonly Key _key;

    private NodeSigningKey(Key key)
    {
        _key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The raw 32-byte Ed25519 public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>Imports a 32-byte seed (the RFC 8032 private key).</summary>
    public static NodeSigningKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException("An Ed25519 seed is 32 bytes.", nameof(seed));
        }

        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        return new NodeSigningKey(Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, in parameters));
    }

    /// <summary>Signs <paramref name="message"/> into a 64-byte signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => SignatureAlgorithm.Ed25519.Sign(_key, message);

    /// <summary>The seed, for writing the owner-only key file.</summary>
    public byte[] ExportSeed() => _key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>Verifies an Ed25519 signature; false for any malformed input.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64)
        {
            return false;
        }

        return NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key)
            && key is not null
            && SignatureAlgorithm.Ed25519.Verify(key, message, signature);
    }

    public void Dispose() => _key.Dispose();

    public override string ToString() => nameof(NodeSigningKey);
}
