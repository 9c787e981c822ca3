using System.Globalization;
using System.Text;
using Hotline.Protocol.Notes;

namespace Hotline.Protocol.Witness;

/// <summary>
/// C2SP tlog-witness v1.0.0 §add-checkpoint request body:
/// <c>old &lt;size&gt;\n</c>, then 0–63 consistency-proof hashes (base64, one per line), an empty line, then the
/// checkpoint as a signed note with all its signatures. Every line ends in <c>\n</c>.
/// </summary>
public sealed class AddCheckpointRequest
{
    /// <summary>A body longer than this is refused: a signed note of at most 65,536 characters plus 64 short lines.</summary>
    public const int MaxLength = SignedNote.MaxSize + 4096;

    private AddCheckpointRequest(long oldSize, IReadOnlyList<byte[]> consistencyProof, string checkpointNote, SignedNote note, Checkpoint checkpoint)
    {
        OldSize = oldSize;
        ConsistencyProof = consistencyProof;
        CheckpointNote = checkpointNote;
        Note = note;
        Checkpoint = checkpoint;
    }

    /// <summary>The size of the checkpoint the log believes the witness cosigned last (0 for none).</summary>
    public long OldSize { get; }

    /// <summary>The RFC 6962 consistency proof from <see cref="OldSize"/> to the checkpoint's size.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof { get; }

    /// <summary>The signed note exactly as it came.</summary>
    public string CheckpointNote { get; }

    /// <summary>The parsed note; a witness cosigns its <see cref="SignedNote.Text"/>.</summary>
    public SignedNote Note { get; }

    /// <summary>The origin, size and root of the note's first three lines (extension lines are kept in the text only).</summary>
    public Checkpoint Checkpoint { get; }

    /// <summary>The request body a log sends. Misuse (a negative size, a hash not of 32 bytes, more than 63) throws.</summary>
    public static string Format(long oldSize, IReadOnlyList<byte[]> consistencyProof, string checkpointNote)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentNullException.ThrowIfNull(consistencyProof);
        ArgumentNullException.ThrowIfNull(checkpointNote);
        var body = new StringBuilder("old ").Append(oldSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        ProofLines.AppendHashes(body, consistencyProof);
        return body.Append('\n').Append(checkpointNote).ToString();
    }

    /// <summary>This request's body: the bytes it was parsed from, when those were canonical.</summary>
    public string Format() => Format(OldSize, ConsistencyProof, CheckpointNote);

    /// <summary>Parses a request body (UTF-8). Never throws on hostile input: the reason comes back in
    /// <paramref name="error"/> (a witness answers 400 with it).</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out AddCheckpointRequest? request, out string? error)
    {
        request = null;
        return ProofLines.TryDecode(body, MaxLength, "the body", out var text, out error) && TryParse(text, out request, out error);
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, out AddCheckpointRequest?, out string?)"/>
    public static bool TryParse(string body, out AddCheckpointRequest? request, out string? error)
    {
        request = null;
        if (!ProofLines.TrySplit(body, MaxLength, "the body", out var header, out var noteText, out error))
        {
            return false;
        }

        if (!header[0].StartsWith("old ", StringComparison.Ordinal) || !ProofLines.TryParseNumber(header[0][4..], out var oldSize))
        {
            error = "line 1 is not 'old <size>' with a decimal size without leading zeros";
            return false;
        }

        if (!ProofLines.TryParseHashes(header, 1, out var proof, out error)
            || !ProofLines.TryParseCheckpoint(noteText, out var note, out var checkpoint, out error))
        {
            return false;
        }

        request = new AddCheckpointRequest(oldSize, proof, noteText, note, checkpoint);
        return true;
    }
}
