using System.Collections.Concurrent;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;
using Hotline.Storage;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Federation;

/// <summary>The outcome of receiving a batch, ready to be written as an HTTP answer.</summary>
public abstract record InboundOutcome
{
    public sealed record Receipt(ReceiptResponse Response) : InboundOutcome;

    public sealed record Refused(int StatusCode, FederationProblem Problem) : InboundOutcome;
}

/// <summary>
/// The receiving side of the send path: load the local copy of the peer's transcript, let <see cref="BatchCheck"/>
/// decide, then store the batch with our cosignature in one transaction before answering. Batches of one link are
/// handled one at a time, so a retry racing its original cannot interleave.
/// </summary>
public sealed class InboundTranscripts(NodeRuntime node, Records.InboundRecords records, Evidence.MisbehaviourAlarm misbehaviour, TimeProvider time, ILogger<InboundTranscripts> logger)
{
    /// <summary>Most entries one batch may carry (the relay sends at most 1,000).</summary>
    public const int MaxEntriesPerBatch = 5000;

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    public async Task<InboundOutcome> ReceiveAsync(LinkRecord link, BatchRequest request, CancellationToken cancellationToken)
    {
        if (request.Entries is null || request.Entries.Count > MaxEntriesPerBatch || request.Checkpoint is null)
        {
            return Refuse(link, request, 400, "malformed", $"a batch carries a checkpoint and at most {MaxEntriesPerBatch} entries");
        }

        var entries = new List<byte[]>(request.Entries.Count);
        foreach (var text in request.Entries)
        {
            if (!Base64Text.TryDecode(text, out var bytes))
            {
                return Refuse(link, request, 400, "malformed", $"entry {request.Start + entries.Count} is not valid base64");
            }

            if (bytes.Length > Envelope.MaxSize)
            {
                return Refuse(link, request, 422, "oversized", $"entry {request.Start + entries.Count} is {bytes.Length} bytes; the limit is {Envelope.MaxSize}");
            }

            entries.Add(bytes);
        }

        var gate = _locks.GetOrAdd(link.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await DecideAndStoreAsync(link, request, entries, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<InboundOutcome> DecideAndStoreAsync(LinkRecord link, BatchRequest request, List<byte[]> entries, CancellationToken cancellationToken)
    {
        var local = await node.Store.LoadFrontierAsync(link.Id, LogDirection.Inbound, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<byte[]> overlap = [];
        if (request.Start >= 0 && request.Start < local.Size)
        {
            overlap = await node.Store.GetLeafHashesAsync(link.Id, LogDirection.Inbound, request.Start, Math.Min(local.Size, request.Start + entries.Count), cancellationToken).ConfigureAwait(false);
        }

        var decision = BatchCheck.Decide(link.Id, TranscriptNames.Origin(link.Id, link.PeerName), NodeRuntime.PeerLogKey(link), local, request.Start, entries, request.Checkpoint, overlap);
        switch (decision)
        {
            case BatchDecision.Append append:
                var now = time.GetUtcNow();
                var cosignature = Cosignature.Sign(append.Checkpoint.ToText(), (ulong)now.ToUnixTimeSeconds(), node.CosignerName, node.SigningKey).ToLine();
                var stored = new List<(Guid, byte[], byte[])>(append.Envelopes.Count);
                for (var i = 0; i < append.Envelopes.Count; i++)
                {
                    stored.Add((append.Envelopes[i].EnvelopeId, append.Entries[i], append.LeafHashes[i]));
                }

                await node.Store.StoreReceivedBatchAsync(
                    new ReceivedBatch(link.Id, local.Size, stored, append.Frontier.ToBytes(), request.Checkpoint, cosignature, now)
                    {
                        Records = records.Read(link, local.Size, append.Envelopes),
                    }, cancellationToken).ConfigureAwait(false);
                Log.BatchStored(logger, link.Id, stored.Count, append.Checkpoint.Size);
                return new InboundOutcome.Receipt(new ReceiptResponse(append.Checkpoint.Size, cosignature));

            case BatchDecision.Duplicate duplicate:
                if (duplicate.Checkpoint.Size < local.Size
                    && !(await RootAtAsync(link.Id, duplicate.Checkpoint.Size, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(duplicate.Checkpoint.Root))
                {
                    await misbehaviour.CheckAsync(link, local, request.Start, entries, request.Checkpoint, cancellationToken).ConfigureAwait(false);
                    return Refuse(link, request, 422, ReasonCode(BatchRejection.RootMismatch), $"the signed root for size {duplicate.Checkpoint.Size} differs from the one already received");
                }

                var receipt = await node.Store.GetLatestReceiptAsync(link.Id, LogDirection.Inbound, cancellationToken).ConfigureAwait(false)
                    ?? throw new StorageException($"Link {link.Id} holds entries but no receipt.", false);
                await node.Store.TouchLinkAsync(link.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return new InboundOutcome.Receipt(new ReceiptResponse(receipt.Size, receipt.Cosignature));

            case BatchDecision.Gap gap:
                Log.BatchGap(logger, link.Id, request.Start, gap.ExpectedSize);
                return new InboundOutcome.Refused(409, new FederationProblem("gap", $"the batch starts at {request.Start}; send from {gap.ExpectedSize}", gap.ExpectedSize));

            case BatchDecision.Reject reject:
                if (reject.Reason is BatchRejection.RootMismatch or BatchRejection.ConflictingEntry)
                {
                    // The checkpoint's signature was verified before these checks: a signed disagreement may be a fork.
                    await misbehaviour.CheckAsync(link, local, request.Start, entries, request.Checkpoint, cancellationToken).ConfigureAwait(false);
                }

                return Refuse(link, request, 422, ReasonCode(reject.Reason), reject.Detail);

            default:
                throw new InvalidOperationException("Unknown batch decision.");
        }
    }

    /// <summary>The root of our copy of the peer's transcript at an earlier size: the stored checkpoint's, else recomputed.</summary>
    private async Task<byte[]> RootAtAsync(Guid linkId, long size, CancellationToken cancellationToken)
    {
        if (await node.Store.GetCheckpointAsync(linkId, LogDirection.Inbound, size, cancellationToken).ConfigureAwait(false) is { } stored
            && SignedNote.TryParse(stored.Note, out var note, out _) && Checkpoint.TryParse(note.Text, out var checkpoint, out _))
        {
            return checkpoint.Root;
        }

        // The peer batched differently than it does now (rare): rebuild the tree of that size from the stored leaves.
        var frontier = MerkleFrontier.Empty();
        foreach (var leaf in await node.Store.GetLeafHashesAsync(linkId, LogDirection.Inbound, 0, size, cancellationToken).ConfigureAwait(false))
        {
            frontier.Append(leaf);
        }

        return frontier.Root();
    }

    private InboundOutcome.Refused Refuse(LinkRecord link, BatchRequest request, int status, string reason, string detail)
    {
        Log.BatchRefused(logger, link.Id, request.Start, reason, detail);
        return new InboundOutcome.Refused(status, new FederationProblem(reason, detail));
    }

    /// <summary>Reason codes on the wire, one per <see cref="BatchRejection"/> (docs/protocol.md §Transport).</summary>
    public static string ReasonCode(BatchRejection reason) => reason switch
    {
        BatchRejection.MalformedCheckpoint => "malformed-checkpoint",
        BatchRejection.BadCheckpointSignature => "bad-signature",
        BatchRejection.WrongOrigin => "wrong-origin",
        BatchRejection.CheckpointDoesNotCoverBatch => "checkpoint-mismatch",
        BatchRejection.MalformedEnvelope => "malformed-envelope",
        BatchRejection.WrongLink => "wrong-link",
        BatchRejection.WrongSender => "wrong-sender",
        BatchRejection.WrongSequence => "wrong-sequence",
        BatchRejection.ConflictingEntry => "conflicting-entry",
        BatchRejection.RootMismatch => "root-mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}
