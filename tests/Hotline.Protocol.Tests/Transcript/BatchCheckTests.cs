using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Transcript;

/// <summary><see cref="BatchCheck.Decide"/> over a real sender transcript: every outcome and every rejection reason.</summary>
public sealed class BatchCheckTests
{
    /// <summary>The receiver holds the sender's first <paramref name="localSize"/> entries and gets [start, end) with the checkpoint of size end.</summary>
    private static BatchDecision Receive(SenderTranscript sender, long localSize, long start, long end, string? checkpoint = null, List<byte[]>? entries = null, MerkleFrontier? local = null, List<byte[]>? stored = null)
        => BatchCheck.Decide(
            sender.LinkId,
            sender.Origin,
            sender.LogKey,
            local ?? sender.Frontier(localSize),
            start,
            entries ?? sender.EntriesBetween(start, end),
            checkpoint ?? sender.SignedCheckpoint(end),
            stored ?? sender.LeafHashes.GetRange((int)Math.Min(start, localSize), (int)Math.Max(0, Math.Min(end, localSize) - start)));

    [Fact]
    public void Decide_FirstBatchOnAnEmptyTranscript_Appends()
    {
        using var sender = new SenderTranscript().Append(5);
        var append = Assert.IsType<BatchDecision.Append>(Receive(sender, localSize: 0, start: 0, end: 5));
        Assert.Equal(5, append.Checkpoint.Size);
        Assert.Equal(sender.Root(5), append.Checkpoint.Root);
        Assert.Equal(5, append.Frontier.Size);
        Assert.Equal(sender.Root(5), append.Frontier.Root());
        Assert.Equal(sender.Entries, append.Entries);
        Assert.Equal(sender.LeafHashes, append.LeafHashes);
        Assert.Equal([0L, 1, 2, 3, 4], append.Envelopes.Select(e => e.Sequence));
        Assert.True(append.Note.IsSignedBy(sender.LogKey));
    }

    [Fact]
    public void Decide_BatchContinuingTheLocalCopy_AppendsAndLeavesTheLocalFrontierUnchanged()
    {
        using var sender = new SenderTranscript().Append(9);
        var local = sender.Frontier(4);
        var append = Assert.IsType<BatchDecision.Append>(Receive(sender, localSize: 4, start: 4, end: 9, local: local));
        Assert.Equal(9, append.Frontier.Size);
        Assert.Equal(sender.Root(9), append.Frontier.Root());
        Assert.Equal(sender.EntriesBetween(4, 9), append.Entries);
        Assert.Equal(4, local.Size);
        Assert.Equal(sender.Root(4), local.Root());
    }

    [Fact]
    public void Decide_BatchOverlappingStoredEntries_AppendsOnlyTheNewOnes()
    {
        using var sender = new SenderTranscript().Append(7);
        var append = Assert.IsType<BatchDecision.Append>(Receive(sender, localSize: 3, start: 1, end: 7));
        Assert.Equal([3L, 4, 5, 6], append.Envelopes.Select(e => e.Sequence));
        Assert.Equal(sender.EntriesBetween(3, 7), append.Entries);
        Assert.Equal(sender.LeafHashes.GetRange(3, 4), append.LeafHashes);
        Assert.Equal(sender.Root(7), append.Frontier.Root());
    }

    [Fact]
    public void Decide_ResendOfAStoredBatch_IsDuplicate()
    {
        using var sender = new SenderTranscript().Append(5);
        var duplicate = Assert.IsType<BatchDecision.Duplicate>(Receive(sender, localSize: 5, start: 2, end: 5));
        Assert.Equal(5, duplicate.Checkpoint.Size);
        Assert.Equal(sender.Root(5), duplicate.Checkpoint.Root);
    }

    [Fact]
    public void Decide_ResendOfAnOlderBatch_IsDuplicateOfItsCheckpoint()
    {
        using var sender = new SenderTranscript().Append(8);
        var duplicate = Assert.IsType<BatchDecision.Duplicate>(Receive(sender, localSize: 8, start: 0, end: 3));
        Assert.Equal(3, duplicate.Checkpoint.Size);
    }

    [Fact]
    public void Decide_EmptyBatchAtTheLocalSize_IsDuplicate()
    {
        using var sender = new SenderTranscript().Append(4);
        Assert.IsType<BatchDecision.Duplicate>(Receive(sender, localSize: 4, start: 4, end: 4));
    }

    [Fact]
    public void Decide_ResendWhoseSignedRootDiffersFromTheStoredOne_IsRootMismatch()
    {
        using var sender = new SenderTranscript().Append(4);
        var forked = sender.SignedCheckpoint(new Checkpoint(sender.Origin, 4, sender.Root(3)));
        var decision = Receive(sender, localSize: 4, start: 2, end: 4, checkpoint: forked);
        Assert.Equal(BatchRejection.RootMismatch, Assert.IsType<BatchDecision.Reject>(decision).Reason);
    }

    [Fact]
    public void Decide_BatchStartingAfterTheLocalSize_IsGapAskingFromTheLocalSize()
    {
        using var sender = new SenderTranscript().Append(6);
        var gap = Assert.IsType<BatchDecision.Gap>(Receive(sender, localSize: 2, start: 4, end: 6, stored: []));
        Assert.Equal(2, gap.ExpectedSize);
    }

    public static TheoryData<string> RejectionCases => [.. s_rejections.Keys];

    private static readonly Dictionary<string, (BatchRejection Reason, Func<SenderTranscript, BatchDecision> Decide)> s_rejections = new()
    {
        ["note that is not a signed note"] = (BatchRejection.MalformedCheckpoint,
            s => Receive(s.Append(3), 0, 0, 3, checkpoint: "not a note")),
        ["signed note that is not a checkpoint"] = (BatchRejection.MalformedCheckpoint,
            s => Receive(s.Append(3), 0, 0, 3, checkpoint: SignText(s, s.Origin + "\n3\n" + Convert.ToBase64String(s.Root(3)) + "\nextension\n"))),
        ["checkpoint signed by another key"] = (BatchRejection.BadCheckpointSignature,
            s => Receive(s.Append(3), 0, 0, 3, checkpoint: s.SignedCheckpoint(new Checkpoint(s.Origin, 3, s.Root(3)), key: OtherKey()))),
        ["checkpoint signed under another key name"] = (BatchRejection.BadCheckpointSignature,
            s => Receive(s.Append(3), 0, 0, 3, checkpoint: s.SignedCheckpoint(new Checkpoint(s.Origin, 3, s.Root(3)), keyName: "hotline/node/alpha"))),
        ["checkpoint with a flipped root byte"] = (BatchRejection.BadCheckpointSignature,
            s => Receive(s.Append(3), 0, 0, 3, checkpoint: WithFlippedRootByte(s, s.SignedCheckpoint(3)))),
        ["checkpoint of another transcript"] = (BatchRejection.WrongOrigin,
            s => Receive(s.Append(3), 0, 0, 3, checkpoint: s.SignedCheckpoint(new Checkpoint(TranscriptNames.Origin(s.LinkId, "bravo"), 3, s.Root(3)), keyName: TranscriptNames.Origin(s.LinkId, "bravo")))),
        ["entries ending before the checkpoint size"] = (BatchRejection.CheckpointDoesNotCoverBatch,
            s => Receive(s.Append(5), 0, 0, 5, entries: s.EntriesBetween(0, 4))),
        ["entries ending after the checkpoint size"] = (BatchRejection.CheckpointDoesNotCoverBatch,
            s => Receive(s.Append(5), 0, 0, 4, entries: s.EntriesBetween(0, 5))),
        ["negative start"] = (BatchRejection.CheckpointDoesNotCoverBatch,
            s => BatchCheck.Decide(s.LinkId, s.Origin, s.LogKey, MerkleFrontier.Empty(), -1, s.Append(3).EntriesBetween(0, 3), s.SignedCheckpoint(2), [])),
        ["entry that is not an envelope"] = (BatchRejection.MalformedEnvelope,
            s => Receive(s.Append(2).AppendEntry([1, 2, 3]), 0, 0, 3)),
        ["envelope of another link"] = (BatchRejection.WrongLink,
            s => Receive(s.Append(2).AppendEntry(s.NewEnvelope(2, linkId: Guid.Parse("11111111-2222-4333-8444-555555555555")).Encode()), 0, 0, 3)),
        ["envelope of another sender"] = (BatchRejection.WrongSender,
            s => Receive(s.Append(2).AppendEntry(s.NewEnvelope(2, sender: OtherKey().PublicKey).Encode()), 0, 0, 3)),
        ["envelope whose sequence is not its index"] = (BatchRejection.WrongSequence,
            s => Receive(s.Append(2).AppendEntry(s.NewEnvelope(3).Encode()), 0, 0, 3)),
        ["overlapping entry different from the stored one"] = (BatchRejection.ConflictingEntry,
            s => Receive(s.Append(4), 2, 0, 4, stored: [s.LeafHashes[0], MerkleHash.Leaf(s.NewEnvelope(1, body: "rewritten").Encode())])),
        ["root that the entries do not produce"] = (BatchRejection.RootMismatch,
            s => Receive(s.Append(4), 1, 1, 4, checkpoint: s.SignedCheckpoint(new Checkpoint(s.Origin, 4, s.Root(3))))),
    };

    [Theory]
    [MemberData(nameof(RejectionCases))]
    public void Decide_RejectsWithTheReason(string what)
    {
        var (reason, decide) = s_rejections[what];
        using var sender = new SenderTranscript();
        var reject = Assert.IsType<BatchDecision.Reject>(decide(sender));
        Assert.Equal(reason, reject.Reason);
        Assert.False(string.IsNullOrWhiteSpace(reject.Detail));
    }

    [Fact]
    public void RejectionCases_CoverEveryBatchRejection()
        => Assert.Equal(Enum.GetValues<BatchRejection>().ToHashSet(), s_rejections.Values.Select(c => c.Reason).ToHashSet());

    // Regression: start + entries.Count was computed in a checked context, so a hostile start near long.MaxValue
    // threw OverflowException instead of returning a rejection (STYLE §10: hostile bytes never steer control flow
    // through exceptions).
    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MaxValue - 1)]
    public void Decide_WithStartNearLongMaxValue_RejectsWithoutThrowing(long start)
    {
        using var sender = new SenderTranscript().Append(3);
        var decision = BatchCheck.Decide(sender.LinkId, sender.Origin, sender.LogKey, MerkleFrontier.Empty(), start, sender.EntriesBetween(0, 3), sender.SignedCheckpoint(3), []);
        Assert.Equal(BatchRejection.CheckpointDoesNotCoverBatch, Assert.IsType<BatchDecision.Reject>(decision).Reason);
    }

    [Fact]
    public void Decide_ChecksTheSignatureBeforeReportingAGap()
    {
        using var sender = new SenderTranscript().Append(6);
        var forged = sender.SignedCheckpoint(new Checkpoint(sender.Origin, 6, sender.Root(6)), key: OtherKey());
        var decision = Receive(sender, localSize: 2, start: 4, end: 6, checkpoint: forged, stored: []);
        Assert.Equal(BatchRejection.BadCheckpointSignature, Assert.IsType<BatchDecision.Reject>(decision).Reason);
    }

    [Fact]
    public void Decide_AcceptsABatchOfEveryPrecedenceAndUnknownEnvelopeTypes()
    {
        using var sender = new SenderTranscript();
        sender.Append(4);
        sender.AppendEntry((sender.NewEnvelope(4) with { Type = (EnvelopeType)999 }).Encode());
        var append = Assert.IsType<BatchDecision.Append>(Receive(sender, 0, 0, 5));
        Assert.Equal(Enum.GetValues<Precedence>().ToHashSet(), append.Envelopes.Select(e => e.Precedence).ToHashSet());
        Assert.Equal((EnvelopeType)999, append.Envelopes[4].Type);
    }

    private static NodeSigningKey OtherKey() => NodeSigningKey.FromSeed(Enumerable.Repeat((byte)0xee, 32).ToArray());

    private static string SignText(SenderTranscript sender, string text)
        => new SignedNote(text, [SignedNote.SignEd25519(text, sender.Origin, sender.Key)]).Format();

    private static string WithFlippedRootByte(SenderTranscript sender, string note)
    {
        Assert.True(SignedNote.TryParse(note, out var parsed, out _));
        Assert.True(Checkpoint.TryParse(parsed.Text, out var checkpoint, out _));
        var root = checkpoint.Root.ToArray();
        root[0] ^= 0x01;
        var text = (checkpoint with { Root = root }).ToText();
        Assert.NotEqual(sender.Root(checkpoint.Size), root);
        return new SignedNote(text, parsed.Signatures).Format();
    }
}
