using System.Security.Cryptography;
using System.Text;

namespace Hotline.Protocol.Notes;

/// <summary>
/// C2SP signed-note v1.0.0 key identity. Key ID = first 4 bytes of SHA-256(name || 0x0A || type || public key).
/// Verifier key string: <c>name+hex8(keyID)+base64(type || public key)</c>.
/// </summary>
public readonly record struct NoteKey(string Name, byte Type, byte[] PublicKey)
{
    /// <summary>Ed25519 signature over the note text.</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary>tlog-cosignature v1: timestamped Ed25519 cosignature.</summary>
    public const byte CosignatureV1Type = 0x04;

    /// <summary>The 4-byte key ID as a big-endian integer.</summary>
    public uint KeyId
    {
        get
        {
            var name = Encoding.UTF8.GetBytes(Name);
            var buffer = new byte[name.Length + 2 + PublicKey.Length];
            name.CopyTo(buffer, 0);
            buffer[name.Length] = 0x0A;
            buffer[name.Length + 1] = Type;
            PublicKey.CopyTo(buffer, name.Length + 2);
            var hash = SHA256.HashData(buffer);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash);
        }
    }

    /// <summary>The C2SP verifier key string, e.g. <c>example.com/foo+530d903a+AekyeRrm…</c>.</summary>
    public string ToVerifierKey()
    {
        var blob = new byte[1 + PublicKey.Length];
        blob[0] = Type;
        PublicKey.CopyTo(blob, 1);
        return $"{Name}+{KeyId:x8}+{Convert.ToBase64String(blob)}";
    }

    /// <summary>Parses a verifier key string, checking that its key ID matches its name and key.</summary>
    public static bool TryParseVerifierKey(string text, out NoteKey key, out string? error)
    {
        key = default;
        // At most three parts: the name has no '+', the key ID is hex, but base64 may contain '+'.
        var parts = text.Split('+', 3);
        if (parts.Length != 3 || !IsValidName(parts[0]) || parts[1].Length != 8)
        {
            error = "a verifier key is name+keyid+base64";
            return false;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            error = "the verifier key is not valid base64";
            return false;
        }

        if (blob.Length != 33 || blob[0] is not (Ed25519Type or CosignatureV1Type))
        {
            error = "only Ed25519 (0x01) and cosignature/v1 (0x04) keys of 32 bytes are supported";
            return false;
        }

        key = new NoteKey(parts[0], blob[0], blob[1..]);
        if (!string.Equals(key.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), parts[1], StringComparison.Ordinal))
        {
            error = "the key ID does not match the name and key";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Key names are non-empty, without spaces or '+' (signed-note §Signatures).</summary>
    public static bool IsValidName(string name)
        => name.Length > 0 && !name.Any(c => char.IsWhiteSpace(c) || c == '+' || char.IsControl(c));
}
