using System.Text;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Tests.Tiles;
using Hotline.Protocol.Tiles;
using Hotline.Protocol.Witness;

namespace Hotline.Protocol.Tests.Witness;

/// <summary>
/// C2SP tlog-witness v1.0.0 add-checkpoint: the request body and cosignature response Go wrote
/// (tests/vectors/go-x-mod-tiles/add-checkpoint-257-70000.*), and the witness's decision for every outcome.
/// </summary>
public sealed class AddCheckpointTests
{
    private static readonly string s_request = GoTileVectors.Text("add-checkpoint-257-70000.request");
    private static readonly string s_response = GoTileVectors.Text("add-checkpoint-257-70000.response");

    private static AddCheckpointRequest Parse(string body)
    {
        Assert.True(AddCheckpointRequest.TryParse(body, out var request, out var error), error);
        return request!;
    }

    /// <summary>A request from <paramref name="oldSize"/> to <paramref name="newSize"/> with the proof read from tiles.</summary>
    private static AddCheckpointRequest Request(long oldSize, long newSize, string? note = null)
    {
        var tiles = new TileSet(newSize, GoTileVectors.TilesOf(newSize));
        Assert.True(tiles.TryGetConsistencyProof(oldSize, out var proof, out var error), error);
        return Parse(AddCheckpointRequest.Format(oldSize, proof, note ?? WitnessVectors.SignedNoteOf(newSize)));
    }

    private static AddCheckpointDecision Decide(AddCheckpointRequest request, long? latestSize)
        => AddCheckpointDecision.Decide(request, [WitnessVectors.LogKey], latestSize is { } size ? WitnessVectors.CheckpointOf(size) : null);

    [Fact]
    public void GoRequest_ParsesAndFormatsBackByteForByte_AndIsTheOneWeWrite()
    {
        var request = Parse(s_request);
        Assert.Equal(257, request.OldSize);
        Assert.Equal(18, request.ConsistencyProof.Count);
        Assert.Equal(70_000, request.Checkpoint.Size);
        Assert.Equal(GoTileVectors.Text("checkpoint-70000.note"), request.CheckpointNote);
        Assert.Equal(s_request, request.Format());
        Assert.Equal(s_request, Request(257, 70_000).Format());
        Assert.True(AddCheckpointRequest.TryParse(Encoding.UTF8.GetBytes(s_request), out _, out var error), error);
    }

    [Fact]
    public void GoRequest_IsCosigned_AndTheCosignatureIsTheLineGoWrote()
    {
        var request = Parse(s_request);
        var decision = Decide(request, 257);
        Assert.Equal(AddCheckpointOutcome.Cosign, decision.Outcome);
        Assert.Equal(200, decision.StatusCode);
        Assert.True(decision.IsNewLatest);
        Assert.Equal(257, decision.LatestSize);

        using var witness = WitnessVectors.WitnessSigningKey();
        var cosignature = Cosignature.Sign(request.Note.Text, WitnessVectors.Time, WitnessVectors.WitnessName, witness);
        Assert.Equal(s_response, AddCheckpointResponse.FormatCosignatures([cosignature]));
    }

    [Fact]
    public void GoResponse_ParsesAndVerifies_IgnoringLinesByUnknownKeys()
    {
        using var stranger = NodeSigningKey.FromSeed(new byte[32]);
        var text = Parse(s_request).Note.Text;
        var body = Cosignature.Sign(text, 5, "witness.example/w2", stranger).ToLine() + s_response;
        Assert.True(AddCheckpointResponse.TryParseCosignatures(body, out var lines, out var error), error);
        Assert.Equal(2, lines.Count);
        Assert.True(AddCheckpointResponse.TryVerifyCosignature(text, lines, WitnessVectors.WitnessKey, out var line, out var timestamp, out error), error);
        Assert.Equal(WitnessVectors.Time, timestamp);
        Assert.Equal(lines[1], line);
        Assert.Equal(s_response, AddCheckpointResponse.FormatCosignatures([line!]));
    }

    [Fact]
    public void AResponseCosignature_OverAnotherCheckpoint_OrMissing_IsRefused()
    {
        Assert.True(AddCheckpointResponse.TryParseCosignatures(s_response, out var lines, out _));
        Assert.False(AddCheckpointResponse.TryVerifyCosignature(WitnessVectors.CheckpointOf(257).ToText(), lines, WitnessVectors.WitnessKey, out _, out _, out var error));
        Assert.Equal("the cosignature by witness.example/w1 does not verify", error);
        var other = WitnessVectors.WitnessKey with { Name = "witness.example/w9" };
        Assert.False(AddCheckpointResponse.TryVerifyCosignature(Parse(s_request).Note.Text, lines, other, out _, out _, out error));
        Assert.Equal("there is no cosignature by witness.example/w9", error);
    }

    public static TheoryData<string, long, long, long?, AddCheckpointOutcome, bool> Decisions => new()
    {
        { "the first checkpoint of a log", 0, 257, null, AddCheckpointOutcome.Cosign, true },
        { "the first checkpoint after a stored empty tree", 0, 257, 0, AddCheckpointOutcome.Cosign, true },
        { "a consistent larger checkpoint", 256, 257, 256, AddCheckpointOutcome.Cosign, true },
        { "across many tiles", 1, 70_000, 1, AddCheckpointOutcome.Cosign, true },
        { "the latest again", 257, 257, 257, AddCheckpointOutcome.Cosign, false },
        { "old size larger than the checkpoint", 258, 257, 258, AddCheckpointOutcome.BadRequest, false },
        { "old size behind the latest", 255, 257, 256, AddCheckpointOutcome.Conflict, false },
        { "old size ahead of the latest", 257, 70_000, 256, AddCheckpointOutcome.Conflict, false },
        { "a log the witness never cosigned, old size not 0", 256, 257, null, AddCheckpointOutcome.Conflict, false },
        { "an older checkpoint from the latest", 256, 256, 257, AddCheckpointOutcome.Conflict, false },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Decide_GivesTheOutcomeOfTheSpec(string what, long oldSize, long newSize, long? latestSize, AddCheckpointOutcome outcome, bool isNewLatest)
    {
        var request = oldSize <= newSize ? Request(oldSize, newSize) : Parse(AddCheckpointRequest.Format(oldSize, [], WitnessVectors.SignedNoteOf(newSize)));
        var decision = Decide(request, latestSize);
        Assert.True(outcome == decision.Outcome, $"{what}: {decision}");
        Assert.Equal((int)outcome, decision.StatusCode);
        Assert.Equal(isNewLatest, decision.IsNewLatest);
        Assert.Equal(latestSize ?? 0, decision.LatestSize);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void Conflict_CarriesTheLatestSize_ForThe409Body()
    {
        var decision = Decide(Request(255, 257), 256);
        Assert.Equal("the old size 255 is not the size of the latest cosigned checkpoint, 256", decision.Reason);
        Assert.Equal("256\n", AddCheckpointResponse.FormatSize(decision.LatestSize));
        Assert.Equal("text/x.tlog.size", AddCheckpointResponse.SizeContentType);
    }

    [Fact]
    public void AnUnknownOrigin_Is404_BeforeAnythingElse()
    {
        var decision = AddCheckpointDecision.Decide(Parse(AddCheckpointRequest.Format(9, [], WitnessVectors.SignedNoteOf(1))), [], null);
        Assert.Equal(AddCheckpointOutcome.UnknownLog, decision.Outcome);
        Assert.Equal($"the witness knows no log with origin {WitnessVectors.Origin}", decision.Reason);
    }

    [Fact]
    public void NoValidLogSignature_Is403_BeforeTheSizesAreLookedAt()
    {
        using var other = NodeSigningKey.FromSeed(new byte[32]);
        var otherKey = new NoteKey(WitnessVectors.Origin, NoteKey.Ed25519Type, other.PublicKey);
        var request = Parse(AddCheckpointRequest.Format(9, [], WitnessVectors.SignedNoteOf(1)));
        var decision = AddCheckpointDecision.Decide(request, [otherKey], null);
        Assert.Equal(AddCheckpointOutcome.Forbidden, decision.Outcome);
        Assert.Equal($"no signature by a key the witness trusts for {WitnessVectors.Origin} verifies", decision.Reason);

        // A log signature that fails rejects the note even next to a good one (signed-note: a known key must verify).
        var note = WitnessVectors.SignedNoteOf(257);
        var line = note[(note.IndexOf('\u2014', StringComparison.Ordinal))..];
        var forged = line.Replace(line[^6..^1], "AAAAA", StringComparison.Ordinal);
        Assert.Equal(AddCheckpointOutcome.Forbidden, Decide(Parse(AddCheckpointRequest.Format(0, [], note + forged)), null).Outcome);
        Assert.Equal(AddCheckpointOutcome.Cosign, AddCheckpointDecision.Decide(Parse(AddCheckpointRequest.Format(0, [], note)), [otherKey, WitnessVectors.LogKey], null).Outcome);
    }

    [Fact]
    public void ABadConsistencyProof_Is422()
    {
        var good = Request(256, 70_000);
        var damaged = good.ConsistencyProof.Select(h => h.ToArray()).ToList();
        damaged[3][0] ^= 1;
        var decision = Decide(Parse(AddCheckpointRequest.Format(256, damaged, good.CheckpointNote)), 256);
        Assert.Equal(AddCheckpointOutcome.BadProof, decision.Outcome);
        Assert.Equal("the consistency proof from size 256 to 70000 does not verify", decision.Reason);
        Assert.Equal(AddCheckpointOutcome.BadProof, Decide(Parse(AddCheckpointRequest.Format(256, good.ConsistencyProof.Take(2).ToList(), good.CheckpointNote)), 256).Outcome);
    }

    [Fact]
    public void AProofFromSize0_OrBetweenEqualSizes_MustBeEmpty()
    {
        var note = WitnessVectors.SignedNoteOf(257);
        var decision = Decide(Parse(AddCheckpointRequest.Format(0, [new byte[32]], note)), null);
        Assert.Equal(AddCheckpointOutcome.BadProof, decision.Outcome);
        Assert.Equal("a consistency proof from size 0 to 257 is empty, this one has 1 hashes", decision.Reason);
        Assert.Equal(AddCheckpointOutcome.BadProof, Decide(Parse(AddCheckpointRequest.Format(257, [new byte[32]], note)), 257).Outcome);
    }

    /// <summary>The log signed two roots for one size: a fork. tlog-witness v1.0.0 says 409 here, which would send
    /// a spec-following log back to retry from the size it already sent; like litewitness we answer 422.</summary>
    [Fact]
    public void TheLatestSizeWithAnotherRoot_Is422()
    {
        var forked = new Checkpoint(WitnessVectors.Origin, 257, new byte[32]);
        var decision = Decide(Parse(AddCheckpointRequest.Format(257, [], WitnessVectors.SignedNoteOf(forked.ToText()))), 257);
        Assert.Equal(AddCheckpointOutcome.BadProof, decision.Outcome);
        Assert.Equal("the checkpoint has the size of the latest cosigned checkpoint, 257, and another root", decision.Reason);
    }

    [Fact]
    public void ACheckpointWithExtensionLines_IsCosignedAsItIs()
    {
        var text = WitnessVectors.CheckpointOf(257).ToText() + "extension\n";
        var request = Parse(AddCheckpointRequest.Format(0, [], WitnessVectors.SignedNoteOf(text)));
        Assert.Equal(text, request.Note.Text);
        Assert.Equal(257, request.Checkpoint.Size);
        Assert.Equal(AddCheckpointOutcome.Cosign, Decide(request, null).Outcome);
    }

    [Fact]
    public void Decide_RefusesMisuse()
    {
        var request = Request(0, 1);
        Assert.Throws<ArgumentException>(() => AddCheckpointDecision.Decide(request, [WitnessVectors.WitnessKey], null));
        Assert.Throws<ArgumentException>(() => AddCheckpointDecision.Decide(request, [WitnessVectors.LogKey], new Checkpoint("elsewhere", 1, new byte[32])));
        Assert.Throws<ArgumentOutOfRangeException>(() => AddCheckpointRequest.Format(-1, [], "x"));
        Assert.Throws<ArgumentException>(() => AddCheckpointRequest.Format(0, [.. Enumerable.Range(0, 64).Select(_ => new byte[32])], "x"));
        Assert.Throws<ArgumentException>(() => AddCheckpointResponse.FormatCosignatures([]));
    }

    private static readonly string s_hash = Convert.ToBase64String(new byte[32]);

    public static TheoryData<string, string, string> MalformedRequests()
    {
        var note = WitnessVectors.SignedNoteOf(1);
        return new()
        {
            { "empty", "", "there is no empty line before the checkpoint" },
            { "no empty line", "old 0\n", "there is no empty line before the checkpoint" },
            { "no old line", $"\n{note}", "line 1 is not 'old <size>'" },
            { "Old", $"Old 0\n\n{note}", "line 1 is not 'old <size>'" },
            { "no space", $"old0\n\n{note}", "line 1 is not 'old <size>'" },
            { "two spaces", $"old  0\n\n{note}", "line 1 is not 'old <size>'" },
            { "leading zero", $"old 00\n\n{note}", "line 1 is not 'old <size>'" },
            { "negative", $"old -1\n\n{note}", "line 1 is not 'old <size>'" },
            { "2^63", $"old 9223372036854775808\n\n{note}", "line 1 is not 'old <size>'" },
            { "trailing space", $"old 0 \n\n{note}", "line 1 is not 'old <size>'" },
            { "CRLF", $"old 0\r\n\r\n{note}", "line 1 is not 'old <size>'" },
            { "hash not base64", $"old 0\n{s_hash[..^2]}!=\n\n{note}", "line 2 is not a 32-byte hash in base64" },
            { "hash of 33 bytes", $"old 0\n{Convert.ToBase64String(new byte[33])}\n\n{note}", "line 2 is not a 32-byte hash in base64" },
            { "hash with a space", $"old 0\n{s_hash} \n\n{note}", "line 2 is not a 32-byte hash in base64" },
            { "non-canonical hash", $"old 0\n{s_hash[..^2]}B=\n\n{note}", "line 2 is not a 32-byte hash in base64" },
            { "64 proof lines", $"old 0\n{string.Concat(Enumerable.Repeat(s_hash + "\n", 64))}\n{note}", "there are 64 proof lines; at most 63 are allowed" },
            { "unsigned checkpoint", $"old 0\n\n{WitnessVectors.CheckpointOf(1).ToText()}", "the checkpoint is not a signed note" },
            { "note without a final newline", $"old 0\n\n{note[..^1]}", "the checkpoint is not a signed note" },
            { "not a checkpoint", $"old 0\n\n{WitnessVectors.SignedNoteOf("a\nb\n")}", "the checkpoint has fewer than three lines" },
            { "checkpoint with a bad root", $"old 0\n\n{WitnessVectors.SignedNoteOf($"{WitnessVectors.Origin}\n1\nroot\n")}", "the checkpoint is malformed: the checkpoint root hash" },
            { "empty extension line", $"old 0\n\n{WitnessVectors.SignedNoteOf(WitnessVectors.CheckpointOf(1).ToText() + "\nx\n")}", "the checkpoint has an empty extension line" },
            { "too long", "old 0\n" + new string('A', AddCheckpointRequest.MaxLength), "the body is longer than" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void TryParse_OfAMalformedRequest_IsRefusedWithAReason(string what, string body, string reason)
    {
        Assert.False(AddCheckpointRequest.TryParse(body, out var request, out var error), what);
        Assert.Null(request);
        Assert.StartsWith(reason, error);
    }

    [Fact]
    public void TryParse_OfBytesThatAreNotUtf8_IsRefused()
    {
        Assert.False(AddCheckpointRequest.TryParse([.. Encoding.UTF8.GetBytes("old 0\n\n"), 0xc3, 0x28], out _, out var error));
        Assert.Equal("the body: it is not UTF-8", error);
        Assert.False(AddCheckpointRequest.TryParse([0xef, 0xbb, 0xbf, .. Encoding.UTF8.GetBytes(s_request)], out _, out error));
        Assert.Equal("the body: it starts with a byte order mark", error);
    }

    [Theory]
    [InlineData("", "a 409 body")]
    [InlineData("257", "a 409 body")]
    [InlineData("0257\n", "a 409 body")]
    [InlineData("257\n\n", "a 409 body")]
    [InlineData(" 257\n", "a 409 body")]
    [InlineData("-1\n", "a 409 body")]
    public void TryParseSize_OfAMalformedBody_IsRefused(string body, string reason)
    {
        Assert.False(AddCheckpointResponse.TryParseSize(body, out _, out var error));
        Assert.StartsWith(reason, error);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(257L)]
    [InlineData(long.MaxValue)]
    public void Sizes_RoundTrip(long size)
    {
        Assert.True(AddCheckpointResponse.TryParseSize(AddCheckpointResponse.FormatSize(size), out var parsed, out var error), error);
        Assert.Equal(size, parsed);
    }

    [Theory]
    [InlineData("", "the response is not signature lines")]
    [InlineData("\n", "line 1: a signature line must start with an em dash")]
    [InlineData("— witness.example/w1 AAAAAAA=", "the response is not signature lines")]
    [InlineData("— witness.example/w1 AAAA\n", "line 1: a signature is too short")]
    [InlineData("— witness.example/w1 AAAAAAA=\n- x AAAAAAA=\n", "line 2: a signature line must start with an em dash")]
    [InlineData("— witness.example/w1 AAAAAAA=\r\n", "the response contains control characters")]
    public void TryParseCosignatures_OfAMalformedBody_IsRefused(string body, string reason)
    {
        Assert.False(AddCheckpointResponse.TryParseCosignatures(body, out var lines, out var error));
        Assert.Empty(lines);
        Assert.StartsWith(reason, error);
    }

    [Fact]
    public void TryParse_OfRandomMutations_NeverThrows_AndAcceptedRequestsFormatBack()
    {
        const string Alphabet = "\n 0=+/Aa1\u2014";
        var random = new Random(409);
        var seed = Request(1, 3).Format();
        for (var i = 0; i < 3_000; i++)
        {
            var body = WitnessVectors.Mutate(random, seed, Alphabet);
            if (AddCheckpointRequest.TryParse(body, out var request, out _))
            {
                Assert.Equal(body, request!.Format());
                AddCheckpointDecision.Decide(request, [WitnessVectors.LogKey], null);
            }

            if (AddCheckpointResponse.TryParseCosignatures(body, out var lines, out _))
            {
                Assert.Equal(body, AddCheckpointResponse.FormatCosignatures(lines));
            }

            if (AddCheckpointResponse.TryParseSize(body, out var size, out _))
            {
                Assert.Equal(body, AddCheckpointResponse.FormatSize(size));
            }
        }
    }
}
