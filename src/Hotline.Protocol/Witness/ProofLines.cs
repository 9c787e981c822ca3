using System.Globalization;
using System.Text;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Witness;

/// <summary>
/// The line grammar shared by tlog-proof files and tlog-witness requests: a header of <c>\n</c>-terminated lines
/// (decimal numbers without leading zeros, one base64 hash per line), an empty line, then a checkpoint as a signed
/// note taken verbatim. Parsing is canonical: each value has exactly one accepted spelling, the one written.
/// </summary>
internal static class ProofLines
{
    /// <summary>At most this many hashes: an inclusion or consistency proof in a tree below 2^63 has at most 63.</summary>
    public const int MaxHashes = 63;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes as text, refusing more than <paramref name="maxLength"/> bytes, bytes that are not UTF-8 and
    /// a byte order mark; <paramref name="what"/> names the text in errors ("the body").</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, int maxLength, string what, out string text, out string? error)
    {
        text = "";
        if (bytes.Length > maxLength)
        {
            error = $"{what}: it is {bytes.Length} bytes, more than the {maxLength} accepted";
            return false;
        }

        try
        {
            text = s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            error = $"{what}: it is not UTF-8";
            return false;
        }

        if (text.StartsWith('\uFEFF'))
        {
            error = $"{what}: it starts with a byte order mark";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Splits at the first empty line: the header lines before it, the signed note after it. Text longer
    /// than <paramref name="maxLength"/> characters is refused first.</summary>
    public static bool TrySplit(string text, int maxLength, string what, out string[] header, out string note, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxLength)
        {
            header = [];
            note = "";
            error = $"{what} is longer than {maxLength} characters";
            return false;
        }

        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (end < 0)
        {
            header = [];
            note = "";
            error = "there is no empty line before the checkpoint";
            return false;
        }

        header = text[..end].Split('\n');
        note = text[(end + 2)..];
        error = null;
        return true;
    }

    /// <summary>A decimal from 0 to 2^63−1 with no sign, space or leading zero (except <c>0</c> itself).</summary>
    public static bool TryParseNumber(string text, out long value)
    {
        value = 0;
        return text.Length is > 0 and <= 19 && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0')
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>One 32-byte hash in canonical padded base64 (44 characters).</summary>
    public static bool TryParseHash(string line, out byte[] hash)
    {
        hash = new byte[MerkleHash.Size];
        return Convert.TryFromBase64String(line, hash, out var written) && written == MerkleHash.Size
            && string.Equals(Convert.ToBase64String(hash), line, StringComparison.Ordinal);
    }

    /// <summary>Hash lines <paramref name="first"/>… of the header, each named by its 1-based line number in errors.</summary>
    public static bool TryParseHashes(string[] header, int first, out List<byte[]> hashes, out string? error)
    {
        hashes = [];
        if (header.Length - first > MaxHashes)
        {
            error = $"there are {header.Length - first} proof lines; at most {MaxHashes} are allowed";
            return false;
        }

        for (var i = first; i < header.Length; i++)
        {
            if (!TryParseHash(header[i], out var hash))
            {
                error = $"line {i + 1} is not a 32-byte hash in base64";
                return false;
            }

            hashes.Add(hash);
        }

        error = null;
        return true;
    }

    /// <summary>Writes hashes one per line in base64; misuse (a hash not of 32 bytes, too many) throws.</summary>
    public static void AppendHashes(StringBuilder text, IReadOnlyList<byte[]> hashes)
    {
        if (hashes.Count > MaxHashes)
        {
            throw new ArgumentException($"A proof has at most {MaxHashes} hashes.", nameof(hashes));
        }

        foreach (var hash in hashes)
        {
            if (hash.Length != MerkleHash.Size)
            {
                throw new ArgumentException("A proof hash is 32 bytes.", nameof(hashes));
            }

            text.Append(Convert.ToBase64String(hash)).Append('\n');
        }
    }

    /// <summary>
    /// The signed note after the empty line, and the origin, size and root of its first three lines. A checkpoint
    /// from another log may carry extension lines after the root (tlog-checkpoint allows them; Hotline writes none):
    /// they are accepted here, must be non-empty, and stay part of the signed text, which is what gets cosigned.
    /// </summary>
    public static bool TryParseCheckpoint(string noteText, out SignedNote note, out Checkpoint checkpoint, out string? error)
    {
        checkpoint = new Checkpoint("", 0, []);
        if (!SignedNote.TryParse(noteText, out note, out error))
        {
            error = "the checkpoint is not a signed note: " + error;
            return false;
        }

        var lines = note.Text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            error = "the checkpoint has fewer than three lines (origin, size, root hash)";
            return false;
        }

        if (lines.Skip(3).Any(line => line.Length == 0))
        {
            error = "the checkpoint has an empty extension line";
            return false;
        }

        if (!Checkpoint.TryParse(string.Concat(lines.Take(3).Select(line => line + "\n")), out checkpoint, out error))
        {
            error = "the checkpoint is malformed: " + error;
            return false;
        }

        return true;
    }
}
