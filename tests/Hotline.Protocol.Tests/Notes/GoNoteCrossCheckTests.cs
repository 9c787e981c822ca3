using System.Text;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Notes;

/// <summary>
/// Our signed notes, checkpoints and cosignatures against golang.org/x/mod/sumdb/note (and, for the cosignature,
/// crypto/ed25519 following the C2SP spec): tests/vectors/go-x-mod/, written by tests/vectors/go/main.go.
/// For the same seed and time we must produce identical bytes, and we must verify Go's.
/// </summary>
public sealed class GoNoteCrossCheckTests
{
    private static readonly Dictionary<string, string> s_keys = Vectors.Lines("go-x-mod/keys.txt").ToDictionary(f => f[0], f => f[1]);
    private static readonly string s_checkpointNote = Vectors.ReadText("go-x-mod/checkpoint.note");
    private static readonly string s_cosignedNote = Vectors.ReadText("go-x-mod/cosigned-checkpoint.note");

    private static NodeSigningKey LogKey() => NodeSigningKey.FromSeed(Convert.FromHexString(s_keys["log.seed"]));

    private static NodeSigningKey CosignerKey() => NodeSigningKey.FromSeed(Convert.FromHexString(s_keys["cosigner.seed"]));

    private static Checkpoint ExpectedCheckpoint()
    {
        var tree = Transcript.TreeVectors.Read("go-x-mod/tlog-hotline.txt");
        var frontier = MerkleFrontier.Empty();
        foreach (var entry in tree.Entries)
        {
            frontier.Append(MerkleHash.Leaf(entry));
        }

        return new Checkpoint(s_keys["origin"], frontier.Size, frontier.Root());
    }

    [Fact]
    public void Origin_IsTheTranscriptNameOfAlphaOnTheLink()
        => Assert.Equal(TranscriptNames.Origin(Guid.Parse("0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0"), "alpha"), s_keys["origin"]);

    [Fact]
    public void Keys_FromTheSameSeeds_MatchGo()
    {
        using var log = LogKey();
        using var cosigner = CosignerKey();
        Assert.Equal(s_keys["log.public"], Convert.ToHexStringLower(log.PublicKey));
        Assert.Equal(s_keys["cosigner.public"], Convert.ToHexStringLower(cosigner.PublicKey));

        var logKey = new NoteKey(s_keys["origin"], NoteKey.Ed25519Type, log.PublicKey);
        var cosignerKey = new NoteKey(s_keys["cosigner.name"], NoteKey.CosignatureV1Type, cosigner.PublicKey);
        Assert.Equal(s_keys["log.keyid"], logKey.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(s_keys["cosigner.keyid"], cosignerKey.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(s_keys["log.vkey"], logKey.ToVerifierKey());
        Assert.Equal(s_keys["cosigner.vkey"], cosignerKey.ToVerifierKey());
    }

    [Fact]
    public void VerifierKeys_WrittenByGo_Parse()
    {
        Assert.True(NoteKey.TryParseVerifierKey(s_keys["log.vkey"], out var log, out var error), error);
        Assert.True(NoteKey.TryParseVerifierKey(s_keys["cosigner.vkey"], out var cosigner, out error), error);
        Assert.Equal(NoteKey.Ed25519Type, log.Type);
        Assert.Equal(NoteKey.CosignatureV1Type, cosigner.Type);
    }

    [Fact]
    public void CheckpointRoot_OverTheSameEntries_MatchesGo()
    {
        var checkpoint = ExpectedCheckpoint();
        Assert.Equal(long.Parse(s_keys["checkpoint.size"], System.Globalization.CultureInfo.InvariantCulture), checkpoint.Size);
        Assert.Equal(s_keys["checkpoint.root"], Convert.ToHexStringLower(checkpoint.Root));
    }

    [Fact]
    public void SignedCheckpoint_FromTheSameSeed_IsByteForByteGos()
    {
        using var log = LogKey();
        var text = ExpectedCheckpoint().ToText();
        var note = new SignedNote(text, [SignedNote.SignEd25519(text, s_keys["origin"], log)]);
        Assert.Equal(Encoding.UTF8.GetBytes(s_checkpointNote), Encoding.UTF8.GetBytes(note.Format()));
    }

    [Fact]
    public void CosignedCheckpoint_FromTheSameSeedsAndTime_IsByteForByteGos()
    {
        using var log = LogKey();
        using var cosigner = CosignerKey();
        var text = ExpectedCheckpoint().ToText();
        var time = ulong.Parse(s_keys["cosignature.time"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(s_keys["cosignature.message"], Convert.ToHexStringLower(Cosignature.SignedMessage(text, time)));
        var note = new SignedNote(text,
        [
            SignedNote.SignEd25519(text, s_keys["origin"], log),
            Cosignature.Sign(text, time, s_keys["cosigner.name"], cosigner),
        ]);
        Assert.Equal(Encoding.UTF8.GetBytes(s_cosignedNote), Encoding.UTF8.GetBytes(note.Format()));
    }

    [Fact]
    public void GosCheckpoint_ParsesAndVerifiesWithTheLogKey()
    {
        Assert.True(NoteKey.TryParseVerifierKey(s_keys["log.vkey"], out var logKey, out _));
        Assert.True(SignedNote.TryParse(s_checkpointNote, out var note, out var error), error);
        Assert.True(note.IsSignedBy(logKey));
        Assert.True(Checkpoint.TryParse(note.Text, out var checkpoint, out error), error);
        Assert.Equal(s_keys["origin"], checkpoint.Origin);
        Assert.Equal(s_keys["checkpoint.root"], Convert.ToHexStringLower(checkpoint.Root));
    }

    [Fact]
    public void GosCosignature_Verifies_AndTheLogSignatureStillDoes()
    {
        Assert.True(NoteKey.TryParseVerifierKey(s_keys["log.vkey"], out var logKey, out _));
        Assert.True(NoteKey.TryParseVerifierKey(s_keys["cosigner.vkey"], out var cosignerKey, out _));
        Assert.True(SignedNote.TryParse(s_cosignedNote, out var note, out var error), error);
        Assert.Equal(2, note.Signatures.Count);
        Assert.True(note.IsSignedBy(logKey));
        Assert.False(note.IsSignedBy(cosignerKey));
        var cosignature = note.Signatures.Single(s => s.KeyId == cosignerKey.KeyId);
        Assert.True(Cosignature.Verify(note.Text, cosignature, cosignerKey, out var timestamp));
        Assert.Equal(s_keys["cosignature.time"], timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(Cosignature.Verify(note.Text, note.Signatures.Single(s => s.KeyId == logKey.KeyId), cosignerKey, out _));
    }
}
