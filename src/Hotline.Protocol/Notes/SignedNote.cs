using System.Text;

namespace Hotline.Protocol.Notes;

/// <summary>One signature line of a signed note: the key name, its 4-byte key ID and the signature bytes after it.</summary>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature)
{
    /// <summary><c>— name base64(keyID || signature)\n</c> (U+2014 EM DASH, a space).</summary>
    public string ToLine()
    {
        var blob = new byte[4 + Signature.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
        Signature.CopyTo(blob, 4);
        return $"\u2014 {KeyName} {Convert.ToBase64String(blob)}\n";
    }
}

/// <summary>
/// C2SP signed-note v1.0.0: text (one or more lines, each ending in '\n'), a blank line, then signature lines.
/// The signed message is the text including its final newline.
/// </summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    /// <summary>Notes larger than this are refused before parsing (a checkpoint is a few hundred bytes).</summary>
    public const int MaxSize = 1 << 16;

    /// <summary>At most this many signature lines are read (the spec asks verifiers to accept at least 16).</summary>
    public const int MaxSignatures = 100;

    public string Format() => Text + "\n" + string.Concat(Signatures.Select(s => s.ToLine()));

    /// <summary>Signs <paramref name="text"/> with an Ed25519 key (type 0x01).</summary>
    public static NoteSignature SignEd25519(string text, string keyName, Crypto.NodeSigningKey key)
    {
        var keyId = new NoteKey(keyName, NoteKey.Ed25519Type, key.PublicKey).KeyId;
        return new NoteSignature(keyName, keyId, key.Sign(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Whether this note carries signature lines by <paramref name="key"/> (type 0x01) and all of them verify.</summary>
    public bool IsSignedBy(NoteKey key)
    {
        if (key.Type != NoteKey.Ed25519Type)
        {
            return false;
        }

        var keyId = key.KeyId;
        var message = Encoding.UTF8.GetBytes(Text);
        // signed-note: if a signature from a known key fails to verify, reject the whole note.
        var mine = Signatures.Where(s => s.KeyId == keyId && string.Equals(s.KeyName, key.Name, StringComparison.Ordinal)).ToList();
        return mine.Count > 0 && mine.All(s => Crypto.NodeSigningKey.Verify(key.PublicKey, message, s.Signature));
    }

    /// <summary>Parses a signed note. Never throws on hostile input: the reason comes back in <paramref name="error"/>.</summary>
    public static bool TryParse(string note, out SignedNote parsed, out string? error)
    {
        parsed = new SignedNote("", []);
        if (note.Length > MaxSize)
        {
            error = "the note is too large";
            return false;
        }

        if (note.Contains('\r', StringComparison.Ordinal) || note.Any(c => char.IsControl(c) && c != '\n'))
        {
            error = "the note contains control characters";
            return false;
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            error = "the note has no blank line before its signatures";
            return false;
        }

        var text = note[..(split + 1)];
        var signatureBlock = note[(split + 2)..];
        if (!signatureBlock.EndsWith('\n'))
        {
            error = "the note does not end with a newline";
            return false;
        }

        var signatures = new List<NoteSignature>();
        foreach (var line in signatureBlock[..^1].Split('\n'))
        {
            if (signatures.Count == MaxSignatures)
            {
                error = "the note has too many signatures";
                return false;
            }

            if (!TryParseSignatureLine(line, out var signature, out error))
            {
                return false;
            }

            signatures.Add(signature);
        }

        if (signatures.Count == 0)
        {
            error = "the note has no signatures";
            return false;
        }

        parsed = new SignedNote(text, signatures);
        error = null;
        return true;
    }

    /// <summary>Parses one <c>— name base64</c> line (without its newline).</summary>
    public static bool TryParseSignatureLine(string line, out NoteSignature signature, out string? error)
    {
        signature = new NoteSignature("", 0, []);
        if (!line.StartsWith("\u2014 ", StringComparison.Ordinal))
        {
            error = "a signature line must start with an em dash and a space";
            return false;
        }

        var parts = line[2..].Split(' ');
        if (parts.Length != 2 || !NoteKey.IsValidName(parts[0]))
        {
            error = "a signature line is '— <name> <base64>'";
            return false;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            error = "a signature is not valid base64";
            return false;
        }

        if (blob.Length < 5)
        {
            error = "a signature is too short";
            return false;
        }

        signature = new NoteSignature(parts[0], System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]);
        error = null;
        return true;
    }
}
