using System.Text;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Tests.Tiles;
using Hotline.Protocol.Tiles;
using Hotline.Protocol.Witness;

namespace Hotline.Protocol.Tests.Witness;

/// <summary>
/// C2SP tlog-proof v1 files: the ones x/mod-based Go wrote (tests/vectors/go-x-mod-tiles/*.tlog-proof) are the ones we
/// write, they verify, and every way a proof can be wrong is reported as what it is.
/// </summary>
public sealed class TlogProofTests
{
    private static readonly string s_proof70000 = GoTileVectors.Text("proof-70000-12345.tlog-proof");
    private static readonly string s_proof257 = GoTileVectors.Text("proof-257-256-extra.tlog-proof");

    private static NoteKey[] Keys => [WitnessVectors.LogKey, WitnessVectors.WitnessKey];

    private static TlogProof Parse(string text)
    {
        Assert.True(TlogProof.TryParse(text, out var proof, out var error), error);
        return proof!;
    }

    private static string Verify(TlogProof proof, long index, NoteKey[] keys, int required = 0)
        => proof.TryVerifyEntry(GoTileVectors.Entries[(int)index], keys, required, out _, out var error) ? "ok" : error!;

    [Fact]
    public void GoProofs_ParseAndFormatBackByteForByte()
    {
        var proof = Parse(s_proof70000);
        Assert.Equal(12345, proof.Index);
        Assert.Null(proof.Extra);
        Assert.Equal(17, proof.InclusionProof.Count);
        Assert.Equal(70_000, proof.Checkpoint.Size);
        Assert.Equal(WitnessVectors.Origin, proof.Checkpoint.Origin);
        Assert.Equal(s_proof70000, proof.Format());

        var withExtra = Parse(s_proof257);
        Assert.Equal("hotline extra data", Encoding.ASCII.GetString(withExtra.Extra!));
        Assert.Equal(256, withExtra.Index);
        Assert.Equal(s_proof257, withExtra.Format());
        Assert.True(TlogProof.TryParse(Encoding.UTF8.GetBytes(s_proof257), out _, out var error), error);
    }

    [Fact]
    public void GoProofs_AreTheOnesWeWrite_FromTilesAndOurOwnSignatures()
    {
        var tiles = new TileSet(70_000, GoTileVectors.TilesOf(70_000));
        Assert.True(tiles.TryGetInclusionProof(12345, out var path, out _));
        Assert.Equal(s_proof70000, TlogProof.Format(12345, path, WitnessVectors.SignedNoteOf(70_000, cosigned: true)));

        var small = new TileSet(257, GoTileVectors.TilesOf(257));
        Assert.True(small.TryGetInclusionProof(256, out path, out _));
        Assert.Equal(s_proof257, TlogProof.Format(256, path, WitnessVectors.SignedNoteOf(257, cosigned: true), Encoding.ASCII.GetBytes("hotline extra data")));
    }

    [Fact]
    public void GoProofs_Verify_NamingTheWitnessAndItsTime()
    {
        var proof = Parse(s_proof70000);
        Assert.True(proof.TryVerifyEntry(GoTileVectors.Entries[12345], Keys, 1, out var cosignatures, out var error), error);
        var cosignature = Assert.Single(cosignatures);
        Assert.Equal(WitnessVectors.WitnessName, cosignature.Key.Name);
        Assert.Equal(WitnessVectors.Time, cosignature.Timestamp);
        Assert.Equal("ok", Verify(Parse(s_proof257), 256, Keys, 1));
        Assert.True(proof.TryVerifyLeafHash(GoTileVectors.LeafHashes[12345], [WitnessVectors.LogKey], 0, out cosignatures, out error), error);
        Assert.Empty(cosignatures);
    }

    [Fact]
    public void AnotherEntry_DoesNotLeadToTheRoot()
        => Assert.Equal("the inclusion proof of leaf 12345 does not lead to the checkpoint's root", Verify(Parse(s_proof70000), 12346, Keys));

    [Fact]
    public void WithoutTheLogKey_NothingVerifies()
    {
        Assert.Equal($"no Ed25519 verifier key (type 0x01) is named after the checkpoint origin {WitnessVectors.Origin}", Verify(Parse(s_proof70000), 12345, [WitnessVectors.WitnessKey]));
        var renamed = WitnessVectors.LogKey with { Name = "hotline/link/0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0/bravo" };
        Assert.StartsWith("no Ed25519 verifier key", Verify(Parse(s_proof70000), 12345, [renamed]));
    }

    [Fact]
    public void AnotherLogKeyOfTheSameName_FindsNoSignature()
    {
        using var other = NodeSigningKey.FromSeed(new byte[32]);
        var key = new NoteKey(WitnessVectors.Origin, NoteKey.Ed25519Type, other.PublicKey);
        Assert.Equal($"the checkpoint carries no signature by the log key {WitnessVectors.Origin}", Verify(Parse(s_proof70000), 12345, [key]));
    }

    [Fact]
    public void AForgedLogSignature_IsRefused()
    {
        var forged = Tamper(s_proof70000, "\u2014 " + WitnessVectors.Origin + " ");
        Assert.Equal("the log's signature on the checkpoint does not verify", Verify(Parse(forged), 12345, Keys));
    }

    [Fact]
    public void AForgedCosignature_IsRefused_EvenWhenNoneIsRequired()
    {
        var forged = Tamper(s_proof70000, "\u2014 " + WitnessVectors.WitnessName + " ");
        Assert.Equal("the cosignature by witness.example/w1 does not verify", Verify(Parse(forged), 12345, Keys));
        Assert.Equal("ok", Verify(Parse(forged), 12345, [WitnessVectors.LogKey]));
    }

    [Fact]
    public void TooFewCosignatures_AreRefused_UnknownWitnessesIgnored()
    {
        using var stranger = NodeSigningKey.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray());
        var strangerKey = new NoteKey("witness.example/w2", NoteKey.CosignatureV1Type, stranger.PublicKey);
        Assert.Equal("1 of the trusted witnesses cosigned the checkpoint; 2 are required", Verify(Parse(s_proof70000), 12345, [.. Keys, strangerKey], required: 2));
        Assert.Equal("0 of the trusted witnesses cosigned the checkpoint; 1 are required", Verify(Parse(s_proof70000), 12345, [WitnessVectors.LogKey, strangerKey], required: 1));
    }

    [Fact]
    public void AnIndexOutsideTheTree_IsRefused()
    {
        var proof = Parse(TlogProof.Format(257, [], WitnessVectors.SignedNoteOf(257)));
        Assert.Equal("index 257 is not in the checkpoint's tree of size 257", proof.TryVerifyLeafHash(new byte[32], Keys, 0, out _, out var error) ? "ok" : error);
    }

    [Fact]
    public void AProofOfTheWrongLength_SaysHowLongItShouldBe()
    {
        var proof = Parse(s_proof70000);
        var shorter = Parse(TlogProof.Format(12345, proof.InclusionProof.Take(16).ToList(), proof.CheckpointNote));
        Assert.Equal("the inclusion proof has 16 hashes; leaf 12345 of a tree of size 70000 needs 17", Verify(shorter, 12345, Keys));
    }

    [Fact]
    public void AProofForATreeOfOne_HasNoHashes()
    {
        var text = TlogProof.Format(0, [], WitnessVectors.SignedNoteOf(1));
        Assert.StartsWith("c2sp.org/tlog-proof@v1\nindex 0\n\nhotline/link/", text);
        Assert.Equal("ok", Verify(Parse(text), 0, Keys));
    }

    [Fact]
    public void ACheckpointWithExtensionLines_IsAccepted_AndItsTextIsWhatIsSigned()
    {
        var text = WitnessVectors.CheckpointOf(1).ToText() + "extension line\n";
        var proof = Parse(TlogProof.Format(0, [], WitnessVectors.SignedNoteOf(text)));
        Assert.Equal(text, proof.Note.Text);
        Assert.Equal("ok", Verify(proof, 0, Keys));
    }

    [Fact]
    public void Format_RefusesMisuse()
    {
        var note = WitnessVectors.SignedNoteOf(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => TlogProof.Format(-1, [], note));
        Assert.Throws<ArgumentException>(() => TlogProof.Format(0, [new byte[31]], note));
        Assert.Throws<ArgumentException>(() => TlogProof.Format(0, [.. Enumerable.Range(0, 64).Select(_ => new byte[32])], note));
        Assert.DoesNotContain("extra", TlogProof.Format(0, [], note, []));
    }

    private static string Tamper(string text, string linePrefix)
    {
        var start = text.LastIndexOf(linePrefix, StringComparison.Ordinal) + linePrefix.Length;
        var blob = Convert.FromBase64String(text[start..text.IndexOf('\n', start)]);
        blob[^1] ^= 1;
        return text[..start] + Convert.ToBase64String(blob) + text[text.IndexOf('\n', start)..];
    }

    private static readonly string s_hash = Convert.ToBase64String(new byte[32]);

    public static TheoryData<string, string, string> MalformedProofs()
    {
        var note = WitnessVectors.SignedNoteOf(1);
        return new()
        {
            { "no empty line", "c2sp.org/tlog-proof@v1\nindex 0\n", "there is no empty line before the checkpoint" },
            { "empty", "", "there is no empty line before the checkpoint" },
            { "another header", $"c2sp.org/tlog-proof@v2\nindex 0\n\n{note}", "line 1 is not 'c2sp.org/tlog-proof@v1'" },
            { "header with a space", $"c2sp.org/tlog-proof@v1 \nindex 0\n\n{note}", "line 1 is not 'c2sp.org/tlog-proof@v1'" },
            { "CRLF", $"c2sp.org/tlog-proof@v1\r\nindex 0\r\n\r\n{note}", "line 1 is not 'c2sp.org/tlog-proof@v1'" },
            { "no index", $"c2sp.org/tlog-proof@v1\n\n{note}", "line 2 is not 'index <n>'" },
            { "index after the hashes", $"c2sp.org/tlog-proof@v1\n{s_hash}\nindex 0\n\n{note}", "line 2 is not 'index <n>'" },
            { "leading zero", $"c2sp.org/tlog-proof@v1\nindex 01\n\n{note}", "line 2 is not 'index <n>'" },
            { "negative index", $"c2sp.org/tlog-proof@v1\nindex -1\n\n{note}", "line 2 is not 'index <n>'" },
            { "index 2^63", $"c2sp.org/tlog-proof@v1\nindex 9223372036854775808\n\n{note}", "line 2 is not 'index <n>'" },
            { "two spaces", $"c2sp.org/tlog-proof@v1\nindex  0\n\n{note}", "line 2 is not 'index <n>'" },
            { "extra after index", $"c2sp.org/tlog-proof@v1\nindex 0\nextra AA==\n\n{note}", "line 3 is not a 32-byte hash in base64" },
            { "empty extra", $"c2sp.org/tlog-proof@v1\nextra \nindex 0\n\n{note}", "line 2: the extra data is not non-empty canonical base64" },
            { "unpadded extra", $"c2sp.org/tlog-proof@v1\nextra AA\nindex 0\n\n{note}", "line 2: the extra data is not non-empty canonical base64" },
            { "non-canonical extra", $"c2sp.org/tlog-proof@v1\nextra AB==\nindex 0\n\n{note}", "line 2: the extra data is not non-empty canonical base64" },
            { "URL-safe extra", $"c2sp.org/tlog-proof@v1\nextra _-8=\nindex 0\n\n{note}", "line 2: the extra data is not non-empty canonical base64" },
            { "two extras", $"c2sp.org/tlog-proof@v1\nextra AA==\nextra AA==\nindex 0\n\n{note}", "line 3 is not 'index <n>'" },
            { "short hash", $"c2sp.org/tlog-proof@v1\nindex 0\n{Convert.ToBase64String(new byte[31])}\n\n{note}", "line 3 is not a 32-byte hash in base64" },
            { "hex hash", $"c2sp.org/tlog-proof@v1\nindex 0\n{new string('0', 64)}\n\n{note}", "line 3 is not a 32-byte hash in base64" },
            { "unpadded hash", $"c2sp.org/tlog-proof@v1\nindex 0\n{s_hash.TrimEnd('=')}\n\n{note}", "line 3 is not a 32-byte hash in base64" },
            { "64 hashes", $"c2sp.org/tlog-proof@v1\nindex 0\n{string.Concat(Enumerable.Repeat(s_hash + "\n", 64))}\n{note}", "there are 64 proof lines; at most 63 are allowed" },
            { "unsigned checkpoint", $"c2sp.org/tlog-proof@v1\nindex 0\n\n{WitnessVectors.CheckpointOf(1).ToText()}", "the checkpoint is not a signed note" },
            { "not a checkpoint", $"c2sp.org/tlog-proof@v1\nindex 0\n\n{WitnessVectors.SignedNoteOf("just one line\n")}", "the checkpoint has fewer than three lines" },
            { "bad size", $"c2sp.org/tlog-proof@v1\nindex 0\n\n{WitnessVectors.SignedNoteOf(WitnessVectors.CheckpointOf(1).ToText().Replace("\n1\n", "\n01\n", StringComparison.Ordinal))}", "the checkpoint is malformed" },
            { "two empty lines", $"c2sp.org/tlog-proof@v1\nindex 0\n\n\n{note}", "the checkpoint is malformed" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedProofs))]
    public void TryParse_OfAMalformedProof_IsRefusedWithAReason(string what, string text, string reason)
    {
        Assert.False(TlogProof.TryParse(text, out var proof, out var error), what);
        Assert.Null(proof);
        Assert.StartsWith(reason, error);
    }

    [Fact]
    public void TryParse_OfBytesThatAreNotUtf8_IsRefused()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(s_proof257), 0xff];
        Assert.False(TlogProof.TryParse(bytes, out _, out var error));
        Assert.Equal("the proof: it is not UTF-8", error);
        Assert.False(TlogProof.TryParse(new byte[TlogProof.MaxLength + 1], out _, out error));
        Assert.StartsWith("the proof: it is 131073 bytes", error);
    }

    [Fact]
    public void TryParse_OfRandomMutations_NeverThrows_AndAcceptedProofsFormatBack()
    {
        const string Alphabet = "\n =+/Aa0x\u2014";
        var random = new Random(1_000);
        for (var i = 0; i < 3_000; i++)
        {
            var text = WitnessVectors.Mutate(random, s_proof257, Alphabet);
            if (TlogProof.TryParse(text, out var proof, out _))
            {
                Assert.Equal(text, proof!.Format());
                proof.TryVerifyEntry(GoTileVectors.Entries[256], Keys, 1, out _, out _);
            }
        }
    }
}
