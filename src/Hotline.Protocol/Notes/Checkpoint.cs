using System.Globalization;

namespace Hotline.Protocol.Notes;

/// <summary>
/// C2SP tlog-checkpoint v1.0.0 note text: <c>origin\nsize\nbase64(root)\n</c>, no extension lines.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] Root)
{
    public string ToText() => $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(Root)}\n";

    /// <summary>Parses the text of a checkpoint note; extension lines are refused (Hotline never writes them).</summary>
    public static bool TryParse(string text, out Checkpoint checkpoint, out string? error)
    {
        checkpoint = new Checkpoint("", 0, []);
        if (!text.EndsWith('\n'))
        {
            error = "the checkpoint text must end with a newline";
            return false;
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length != 3)
        {
            error = "a checkpoint has exactly three lines: origin, size, root hash";
            return false;
        }

        if (!NoteKey.IsValidName(lines[0]))
        {
            error = "the checkpoint origin is empty or contains spaces or '+'";
            return false;
        }

        if (lines[1].Length == 0 || lines[1].Length > 19 || (lines[1].Length > 1 && lines[1][0] == '0')
            || !lines[1].All(char.IsAsciiDigit)
            || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            error = "the checkpoint size is not a decimal number without leading zeros";
            return false;
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            error = "the checkpoint root hash is not valid base64";
            return false;
        }

        if (root.Length != Transcript.MerkleHash.Size)
        {
            error = "the checkpoint root hash is not 32 bytes";
            return false;
        }

        // Convert.FromBase64String skips white space and ignores unused bits: accept only the encoding ToText writes,
        // so the text that was signed is the text a receipt cosigns.
        if (!string.Equals(Convert.ToBase64String(root), lines[2], StringComparison.Ordinal))
        {
            error = "the checkpoint root hash is not in canonical base64";
            return false;
        }

        checkpoint = new Checkpoint(lines[0], size, root);
        error = null;
        return true;
    }
}
