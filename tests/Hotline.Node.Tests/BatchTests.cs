using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Hotline.Node.Federation;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Node.Tests;

/// <summary>
/// POST /federation/v1/links/{id}/batches on a real node, from a fake peer: honest batches are stored and receipted;
/// every kind of bad batch is refused with its reason code, stores nothing, and leaves the node serving.
/// </summary>
public sealed class BatchTests(NodeUnderTest node) : IClassFixture<NodeUnderTest>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ---- accepted -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ValidBatch_IsReceipted_WithTheNodesCosignature_AndItsBodyReachesTheInbox()
    {
        using var peer = await node.PairedPeerAsync();

        var (batch, receipt) = await peer.SendAsync(Ct, "water is rising at the north gate", "second message");

        Assert.Equal(2, receipt.Size);
        Assert.True(peer.VerifiesReceipt(batch, receipt));
        Assert.Equal(2, (await node.StateAsync(peer.LinkId)).InboundSize);
        var inbox = await node.InboxAsync(peer.LinkId);
        Assert.Equal(["water is rising at the north gate", "second message"], inbox.Select(i => i.Body));
        Assert.Equal([0L, 1L], inbox.Select(i => i.Sequence));
        Assert.All(inbox, i => Assert.Equal(peer.Name, i.From));
        Assert.All(inbox, i => Assert.Equal("ROUTINE", i.Precedence));
        Assert.Equal(peer.Transcript.Select(e => Envelope.TryDecode(e, out var envelope, out _) ? envelope.EnvelopeId.ToString("D") : ""), inbox.Select(i => i.Id));
        await node.AssertHealthyAsync();
    }

    [Fact]
    public async Task ReceiptCosignature_IsByTheNodeKeyUnderItsCosignerName_AndNotByAnyOther()
    {
        using var peer = await node.PairedPeerAsync();
        var (batch, receipt) = await peer.SendAsync(Ct, "hello");
        Assert.True(SignedNote.TryParse(batch.Checkpoint, out var note, out _));
        Assert.True(SignedNote.TryParseSignatureLine(receipt.Cosignature.TrimEnd('\n'), out var line, out _));
        using var other = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));

        Assert.Equal("hotline/node/" + NodeUnderTest.Name, line.KeyName);
        Assert.True(Cosignature.Verify(note.Text, line, new NoteKey("hotline/node/" + NodeUnderTest.Name, NoteKey.CosignatureV1Type, peer.Invitation.SigningKey), out _));
        Assert.False(Cosignature.Verify(note.Text, line, new NoteKey("hotline/node/" + NodeUnderTest.Name, NoteKey.CosignatureV1Type, other.PublicKey), out _));
        Assert.False(Cosignature.Verify(note.Text, line, new NoteKey("hotline/node/someone-else", NoteKey.CosignatureV1Type, peer.Invitation.SigningKey), out _));
    }

    [Fact]
    public async Task SameBatchAgain_IsAnsweredWithTheIdenticalReceipt_AndStoresNoDuplicate()
    {
        using var peer = await node.PairedPeerAsync();
        var (batch, receipt) = await peer.SendAsync(Ct, "once only");
        var before = await node.SnapshotAsync(peer.LinkId);

        using var again = await peer.SendBatchAsync(batch, Ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(receipt, await again.Content.ReadFromJsonAsync(FederationJsonContext.Default.ReceiptResponse, Ct));
        Assert.Equal(before, await node.SnapshotAsync(peer.LinkId));
        Assert.Single(await node.InboxAsync(peer.LinkId));
        await node.AssertHealthyAsync();
    }

    [Fact]
    public async Task NextBatch_ContinuesTheTranscript()
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "one", "two");

        var (batch, receipt) = await peer.SendAsync(Ct, "three");

        Assert.Equal(2, batch.Start);
        Assert.Equal(3, receipt.Size);
        Assert.Equal(["one", "two", "three"], (await node.InboxAsync(peer.LinkId)).Select(i => i.Body));
    }

    [Fact]
    public async Task Inbox_OverTheOperatorApi_PagesWithAfterAndLimit()
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "m0", "m1", "m2", "m3");

        var page = await node.OperatorGetAsync($"/api/v1/inbox?link={peer.Name}&after=0&limit=2", Hotline.Node.Api.OperatorJsonContext.Default.IReadOnlyListInboxItemDto);

        Assert.Equal([1L, 2L], page.Select(i => i.Sequence));
        Assert.Equal(["m1", "m2"], page.Select(i => i.Body));
    }

    [Fact]
    public async Task BatchOverlappingWhatTheNodeHolds_AppendsOnlyTheNewEntries()
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "one", "two");
        peer.Append("three");

        using var response = await peer.SendBatchAsync(peer.Batch(0, 3), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync(FederationJsonContext.Default.ReceiptResponse, Ct))!.Size);
        Assert.Equal(["one", "two", "three"], (await node.InboxAsync(peer.LinkId)).Select(i => i.Body));
    }

    [Fact]
    public async Task EnvelopeOfExactly60KiB_IsAccepted()
    {
        using var peer = await node.PairedPeerAsync();
        var largest = peer.BuildEnvelope(0, new byte[Envelope.MaxBodyWithoutAddresses]);
        Assert.Equal(Envelope.MaxSize, largest.Length);

        using var response = await peer.SendBatchAsync(peer.BatchOf(0, largest), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await node.StateAsync(peer.LinkId)).InboundSize);
    }

    // ---- refused: the checkpoint -----------------------------------------------------------------------------------

    [Fact]
    public async Task CheckpointSignedByAnotherKey_IsRefused_BadSignature()
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "first");
        var before = await node.SnapshotAsync(peer.LinkId);
        using var stranger = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        var entry = peer.BuildEnvelope(1, "forged");
        var root = FakePeer.RootOf([.. peer.Transcript, entry]);

        using var response = await peer.SendBatchAsync(new BatchRequest(1, [Convert.ToBase64String(entry)], peer.SignCheckpoint(2, root, signer: stranger)), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "bad-signature", peer, before);
    }

    [Fact]
    public async Task CheckpointWithTheRightKeyIdButAForgedSignature_IsRefused_BadSignature()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "forged");
        var text = new Checkpoint(peer.Origin, 1, FakePeer.RootOf([entry])).ToText();
        var keyId = new NoteKey(peer.Origin, NoteKey.Ed25519Type, peer.SigningKey.PublicKey).KeyId;
        var note = new SignedNote(text, [new NoteSignature(peer.Origin, keyId, RandomNumberGenerator.GetBytes(64))]).Format();

        using var response = await peer.SendBatchAsync(new BatchRequest(0, [Convert.ToBase64String(entry)], note), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "bad-signature", peer, before);
    }

    [Fact]
    public async Task CheckpointWithoutAnySignature_IsRefused_AsMalformed()
    {
        // A signed note needs at least one signature line (C2SP signed-note), so an unsigned one does not even parse.
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "unsigned");
        var unsigned = new Checkpoint(peer.Origin, 1, FakePeer.RootOf([entry])).ToText() + "\n";

        using var response = await peer.SendBatchAsync(new BatchRequest(0, [Convert.ToBase64String(entry)], unsigned), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "malformed-checkpoint", peer, before);
    }

    [Fact]
    public async Task CheckpointWhoseRootDoesNotMatchTheEntries_IsRefused_RootMismatch()
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "first");
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(1, "second");

        using var response = await peer.SendBatchAsync(new BatchRequest(1, [Convert.ToBase64String(entry)], peer.SignCheckpoint(2, RandomNumberGenerator.GetBytes(32))), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "root-mismatch", peer, before);
    }

    [Fact]
    public async Task ResendOfReceiptedEntries_UnderACheckpointWithAnotherRoot_IsRefused_RootMismatch()
    {
        // The peer signs two different roots for the same size (equivocation). The entries are the ones the node holds,
        // so only the root betrays it; answering 200 with the old receipt would hide the fork.
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "one", "two");
        var before = await node.SnapshotAsync(peer.LinkId);
        var forked = new BatchRequest(1, [Convert.ToBase64String(peer.Transcript[1])], peer.SignCheckpoint(2, RandomNumberGenerator.GetBytes(32)));

        using var response = await peer.SendBatchAsync(forked, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "root-mismatch", peer, before);
    }

    [Fact]
    public async Task ResendOfAnOlderBatch_UnderACheckpointWithAnotherRoot_IsRefused_RootMismatch()
    {
        // As above, for a size below the node's: the node holds a checkpoint of that size, signed with another root.
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "one");
        await peer.SendAsync(Ct, "two");
        var before = await node.SnapshotAsync(peer.LinkId);
        var forked = new BatchRequest(0, [Convert.ToBase64String(peer.Transcript[0])], peer.SignCheckpoint(1, RandomNumberGenerator.GetBytes(32)));

        using var response = await peer.SendBatchAsync(forked, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "root-mismatch", peer, before);
    }

    [Fact]
    public async Task ResendUnderACheckpointOfASizeTheNodeNeverStored_WithAnotherRoot_IsRefused_RootMismatch()
    {
        // Both entries arrived in one batch, so the node stored no checkpoint of size 1 to compare with; the root of its
        // first entry is still known to it, and a signed root for size 1 that differs from it is a fork all the same.
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "one", "two");
        var before = await node.SnapshotAsync(peer.LinkId);
        var forked = new BatchRequest(0, [Convert.ToBase64String(peer.Transcript[0])], peer.SignCheckpoint(1, RandomNumberGenerator.GetBytes(32)));

        using var response = await peer.SendBatchAsync(forked, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "root-mismatch", peer, before);
    }

    [Fact]
    public async Task CheckpointWithAValidSignature_AndAFailingOneByTheSameKey_IsRefused_BadSignature()
    {
        // signed-note: a signature line by a known key that fails to verify rejects the whole note.
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "mixed");
        var honest = peer.SignCheckpoint(1, FakePeer.RootOf([entry]));
        Assert.True(SignedNote.TryParse(honest, out var note, out _));
        var good = note.Signatures[0];
        var mixed = (note with { Signatures = [good, good with { Signature = RandomNumberGenerator.GetBytes(64) }] }).Format();

        using var response = await peer.SendBatchAsync(new BatchRequest(0, [Convert.ToBase64String(entry)], mixed), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "bad-signature", peer, before);
    }

    [Fact]
    public async Task CheckpointForAnotherOrigin_IsRefused_WrongOrigin()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "elsewhere");
        var otherOrigin = TranscriptNames.Origin(peer.LinkId, "someone-else");

        using var response = await peer.SendBatchAsync(new BatchRequest(0, [Convert.ToBase64String(entry)], peer.SignCheckpoint(1, FakePeer.RootOf([entry]), origin: otherOrigin)), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-origin", peer, before);
    }

    [Fact]
    public async Task CheckpointOfTheNodesOwnTranscript_IsRefused_WrongOrigin()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "mirror");
        var nodesOrigin = TranscriptNames.Origin(peer.LinkId, NodeUnderTest.Name);

        using var response = await peer.SendBatchAsync(new BatchRequest(0, [Convert.ToBase64String(entry)], peer.SignCheckpoint(1, FakePeer.RootOf([entry]), origin: nodesOrigin)), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-origin", peer, before);
    }

    [Fact]
    public async Task CheckpointWhoseSizeIsNotTheEndOfTheBatch_IsRefused_CheckpointMismatch()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "short");

        using var response = await peer.SendBatchAsync(new BatchRequest(0, [Convert.ToBase64String(entry)], peer.SignCheckpoint(2, FakePeer.RootOf([entry]))), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "checkpoint-mismatch", peer, before);
    }

    [Fact]
    public async Task BatchWithANegativeStart_IsRefused_CheckpointMismatch()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "negative");

        using var response = await peer.SendBatchAsync(new BatchRequest(-1, [Convert.ToBase64String(entry)], peer.SignCheckpoint(0, FakePeer.RootOf([]))), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "checkpoint-mismatch", peer, before);
    }

    [Fact]
    public async Task EmptyBatch_WithACheckpointOfTheEmptyTree_IsNotAServerError()
    {
        // Before anything was received there is no receipt to answer with; the node must say so, not fail.
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);

        using var response = await peer.SendBatchAsync(new BatchRequest(0, [], peer.SignCheckpoint(0, FakePeer.RootOf([]))), Ct);

        Assert.True((int)response.StatusCode < 500, $"answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(before, await node.SnapshotAsync(peer.LinkId));
        await node.AssertHealthyAsync();
    }

    // ---- refused: the envelopes -----------------------------------------------------------------------------------

    [Fact]
    public async Task EnvelopeNamingAnotherLink_IsRefused_WrongLink()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "misrouted", linkId: Guid.NewGuid());

        using var response = await peer.SendBatchAsync(peer.BatchOf(0, entry), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-link", peer, before);
    }

    [Fact]
    public async Task EnvelopeOfAnotherLinkOfTheSameNode_IsRefused_WrongLink()
    {
        using var peer = await node.PairedPeerAsync();
        using var neighbour = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "cross-link", linkId: neighbour.LinkId);

        using var response = await peer.SendBatchAsync(peer.BatchOf(0, entry), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-link", peer, before);
        Assert.Equal(0, (await node.StateAsync(neighbour.LinkId)).InboundSize);
    }

    [Fact]
    public async Task EnvelopeWithAnotherSenderKey_IsRefused_WrongSender()
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "first");
        var before = await node.SnapshotAsync(peer.LinkId);
        using var impostor = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        var entry = peer.BuildEnvelope(1, "not me", sender: impostor.PublicKey);

        using var response = await peer.SendBatchAsync(peer.BatchOf(1, entry), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-sender", peer, before);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(long.MaxValue)]
    public async Task EnvelopeWhoseSequenceIsNotItsIndex_IsRefused_WrongSequence(long sequence)
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "first");
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(sequence, "out of place");

        using var response = await peer.SendBatchAsync(peer.BatchOf(1, entry), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-sequence", peer, before);
    }

    [Fact]
    public async Task BatchStartingBeyondTheNodesSize_IsAGap_NamingTheSizeToResendFrom()
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "first");
        peer.Append("lost in transit");
        peer.Append("arrives first");
        var before = await node.SnapshotAsync(peer.LinkId);

        using var response = await peer.SendBatchAsync(peer.Batch(2, 3), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.Conflict, "gap", peer, before, expectedSize: 1);

        using var resend = await peer.SendBatchAsync(peer.Batch(1, 3), Ct);
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        Assert.Equal(["first", "lost in transit", "arrives first"], (await node.InboxAsync(peer.LinkId)).Select(i => i.Body));
    }

    [Fact]
    public async Task ReplayAtAnUsedSequence_WithDifferentContent_IsRefused_ConflictingEntry()
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "original zero", "original one");
        var before = await node.SnapshotAsync(peer.LinkId);
        var rewrite = peer.BuildEnvelope(1, "rewritten history");

        using var response = await peer.SendBatchAsync(peer.BatchOf(1, rewrite), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "conflicting-entry", peer, before);
        Assert.Equal(["original zero", "original one"], (await node.InboxAsync(peer.LinkId)).Select(i => i.Body));
    }

    [Fact]
    public async Task ReplayOverlappingTheEnd_WithADifferentOldEntry_IsRefused_ConflictingEntry()
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "original zero", "original one");
        var before = await node.SnapshotAsync(peer.LinkId);
        var rewrite = peer.BuildEnvelope(1, "rewritten history");
        var extra = peer.BuildEnvelope(2, "and more");

        using var response = await peer.SendBatchAsync(peer.BatchOf(1, rewrite, extra), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "conflicting-entry", peer, before);
    }

    [Fact]
    public async Task TruncatedEnvelope_IsRefused_MalformedEnvelope()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "cut short")[..^5];

        using var response = await peer.SendBatchAsync(peer.BatchOf(0, entry), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "malformed-envelope", peer, before);
    }

    [Fact]
    public async Task EntryLargerThan60KiB_IsRefused_Oversized()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = new byte[Envelope.MaxSize + 1];

        using var response = await peer.SendBatchAsync(peer.BatchOf(0, entry), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "oversized", peer, before);
    }

    // ---- refused: the transport -----------------------------------------------------------------------------------

    [Fact]
    public async Task EntryThatIsNotBase64_IsABadRequest()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entry = peer.BuildEnvelope(0, "fine");
        var honest = peer.BatchOf(0, entry);

        using var response = await peer.SendBatchAsync(honest with { Entries = ["not base64 at all!"] }, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "malformed", peer, before);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{"start":"zero","entries":[],"checkpoint":""}""")]
    [InlineData("""{"start":0,"entries":"AAAA","checkpoint":""}""")]
    public async Task BodyThatIsNotABatch_IsABadRequest(string json)
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);

        using var response = await peer.SendRawBatchAsync(json, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, reason: null, peer, before);
    }

    [Theory]
    [InlineData("""{"start":0,"entries":[]}""")]
    [InlineData("""{"start":0,"checkpoint":"x"}""")]
    [InlineData("""{"start":0,"entries":[null],"checkpoint":"x"}""")]
    public async Task BatchMissingAPart_IsABadRequest_Malformed(string json)
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);

        using var response = await peer.SendRawBatchAsync(json, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "malformed", peer, before);
    }

    [Fact]
    public async Task BatchOfMoreEntriesThanAllowed_IsABadRequest_Malformed()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var entries = Enumerable.Repeat("AAAA", InboundTranscripts.MaxEntriesPerBatch + 1).ToList();

        using var response = await peer.SendBatchAsync(new BatchRequest(0, entries, peer.SignCheckpoint(entries.Count, RandomNumberGenerator.GetBytes(32))), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "malformed", peer, before);
    }

    [Fact]
    public async Task BatchForAnUnknownLink_IsNotFound_UnknownLink()
    {
        using var peer = await node.PairedPeerAsync();
        var before = await node.SnapshotAsync(peer.LinkId);
        var unknown = Guid.NewGuid();
        var entry = peer.BuildEnvelope(0, "nobody home", linkId: unknown);
        var checkpoint = peer.SignCheckpoint(1, FakePeer.RootOf([entry]), origin: TranscriptNames.Origin(unknown, peer.Name));

        using var response = await peer.SendBatchAsync(new BatchRequest(0, [Convert.ToBase64String(entry)], checkpoint), Ct, linkId: unknown);

        await AssertRefusedAsync(response, HttpStatusCode.NotFound, "unknown-link", peer, before);
        using var state = await node.Http.GetAsync($"/federation/v1/links/{unknown:D}/state", Ct);
        Assert.Equal(HttpStatusCode.NotFound, state.StatusCode);
    }

    /// <summary>The answer is the refusal expected, and the node stored nothing and still serves.</summary>
    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string? reason, FakePeer peer, NodeSnapshot before, long? expectedSize = null)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status} {reason}, got {(int)response.StatusCode}: {body}");
        if (reason is not null)
        {
            var problem = System.Text.Json.JsonSerializer.Deserialize(body, FederationJsonContext.Default.FederationProblem);
            Assert.NotNull(problem);
            Assert.Equal(reason, problem.Reason);
            Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
            Assert.Equal(expectedSize, problem.ExpectedSize);
        }

        Assert.Equal(before, await node.SnapshotAsync(peer.LinkId));
        await node.AssertHealthyAsync();
    }
}
