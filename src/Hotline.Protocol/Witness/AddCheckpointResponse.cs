using System.Globalization;
using Hotline.Protocol.Notes;

namespace Hotline.Protocol.Witness;

/// <summary>
/// C2SP tlog-witness v1.0.0 §add-checkpoint responses: a 200 body is one or more signed-note signature lines
/// (<c>— &lt;name&gt; &lt;base64&gt;\n</c>), the witness's tlog-cosignature v1 lines on the checkpoint; a 409 body is the
/// size of the latest cosigned checkpoint in decimal and a newline, with content type <c>text/x.tlog.size</c>.
/// </summary>
public static class AddCheckpointResponse
{
    /// <summary>The content type of a 409 body.</summary>
    public const string SizeContentType = "text/x.tlog.size";

    /// <summary>A 200 body longer than this is refused (100 cosignature lines with long key names).</summary>
    public const int MaxLength = 32 * 1024;

    /// <summary>A 200 body: the cosignature lines, in order. At least one.</summary>
    public static string FormatCosignatures(IReadOnlyList<NoteSignature> cosignatures)
    {
        ArgumentNullException.ThrowIfNull(cosignatures);
        if (cosignatures.Count == 0)
        {
            throw new ArgumentException("A witness answers at least one cosignature.", nameof(cosignatures));
        }

        return string.Concat(cosignatures.Select(c => c.ToLine()));
    }

    /// <summary>Parses a 200 body into its signature lines (which may be by keys the client does not know).</summary>
    public static bool TryParseCosignatures(string body, out List<NoteSignature> cosignatures, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        cosignatures = [];
        if (body.Length > MaxLength)
        {
            error = $"the response is longer than {MaxLength} characters";
            return false;
        }

        if (body.Length == 0 || !body.EndsWith('\n'))
        {
            error = "the response is not signature lines each ending in a newline";
            return false;
        }

        if (body.Any(c => char.IsControl(c) && c != '\n'))
        {
            error = "the response contains control characters";
            return false;
        }

        var lines = body[..^1].Split('\n');
        if (lines.Length > SignedNote.MaxSignatures)
        {
            error = $"the response has more than {SignedNote.MaxSignatures} lines";
            return false;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (!SignedNote.TryParseSignatureLine(lines[i], out var line, out error))
            {
                error = $"line {i + 1}: {error}";
                cosignatures = [];
                return false;
            }

            cosignatures.Add(line);
        }

        error = null;
        return true;
    }

    /// <summary>
    /// The client's check of a 200 body (tlog-witness: ignore cosignatures by unknown keys): the lines by
    /// <paramref name="witnessKey"/> (type 0x04) must exist and all verify over <paramref name="checkpointText"/> (the
    /// note text that was sent); the first is returned with its timestamp.
    /// </summary>
    public static bool TryVerifyCosignature(string checkpointText, IReadOnlyList<NoteSignature> cosignatures, NoteKey witnessKey,
        out NoteSignature? cosignature, out ulong timestamp, out string? error)
    {
        ArgumentNullException.ThrowIfNull(checkpointText);
        ArgumentNullException.ThrowIfNull(cosignatures);
        cosignature = null;
        timestamp = 0;
        if (witnessKey.Type != NoteKey.CosignatureV1Type)
        {
            throw new ArgumentException("A witness key is a cosignature/v1 key (type 0x04).", nameof(witnessKey));
        }

        var keyId = witnessKey.KeyId;
        foreach (var line in cosignatures.Where(c => c.KeyId == keyId && string.Equals(c.KeyName, witnessKey.Name, StringComparison.Ordinal)))
        {
            if (!Cosignature.Verify(checkpointText, line, witnessKey, out var time))
            {
                cosignature = null;
                error = $"the cosignature by {witnessKey.Name} does not verify";
                return false;
            }

            if (cosignature is null)
            {
                cosignature = line;
                timestamp = time;
            }
        }

        error = cosignature is null ? $"there is no cosignature by {witnessKey.Name}" : null;
        return cosignature is not null;
    }

    /// <summary>A 409 body: <c>&lt;size&gt;\n</c>.</summary>
    public static string FormatSize(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return size.ToString(CultureInfo.InvariantCulture) + "\n";
    }

    /// <summary>Parses a 409 body: a decimal size without leading zeros, then a newline, nothing else.</summary>
    public static bool TryParseSize(string body, out long size, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        size = 0;
        if (!body.EndsWith('\n') || !ProofLines.TryParseNumber(body[..^1], out size))
        {
            error = "a 409 body is the latest size in decimal without leading zeros, then a newline";
            return false;
        }

        error = null;
        return true;
    }
}
