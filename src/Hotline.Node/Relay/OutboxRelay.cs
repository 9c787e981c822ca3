using System.Collections.Concurrent;
using System.Threading.Channels;
using Hotline.Domain;
using Hotline.Node.Federation;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;
using Hotline.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Relay;

/// <summary>
/// Delivers each link's outbox to the peer, one batch in flight per link (docs/architecture.md §Send path):
/// resend what the peer has not receipted yet, else sequence the highest-precedence queued items, append them to the
/// outbound transcript, sign one checkpoint for the batch, persist all of it, then send. Sequence numbers are assigned
/// at sending, so FLASH overtakes a ROUTINE backlog; and never while the peer is unreachable (a probe comes first), so a
/// backlog that piles up during an outage does not get pinned ahead of a later FLASH.
/// Failures back off exponentially with jitter up to a low cap and never give up; any sign of life from the peer (a
/// request from it) resumes delivery at once. Pending work resumes on start.
/// </summary>
public sealed class OutboxRelay(NodeRuntime node, FederationClient client, TimeProvider time, ILogger<OutboxRelay> logger, Witnessing.CheckpointWitnessing? witnessing = null)
    : BackgroundService
{
    /// <summary>Most envelopes per batch.</summary>
    public const int MaxBatchEntries = 1000;

    /// <summary>How recent an answer from the peer must be for the relay to sequence new work without probing first.</summary>
    public static readonly TimeSpan FreshExchange = TimeSpan.FromMilliseconds(100);

    /// <summary>Most envelope bytes per batch (before base64), so a batch of large bodies stays a few MiB.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    private readonly ConcurrentDictionary<Guid, LinkWorker> _workers = new();
    private readonly Backoff _backoff = Backoff.Default;
    private CancellationToken _stopping = CancellationToken.None;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>New work on a link: deliver it now unless the link is backing off.</summary>
    public void Wake(Guid linkId) => Worker(linkId)?.Work.Writer.TryWrite(true);

    /// <summary>The peer showed it is alive: retry at once, whatever the backoff.</summary>
    public void SignOfLife(Guid linkId)
    {
        if (Worker(linkId) is { } worker)
        {
            worker.Life.Writer.TryWrite(true);
            worker.Work.Writer.TryWrite(true);
        }
    }

    /// <summary>Whether the last exchange with the peer of a link succeeded (for link state).</summary>
    public bool? IsReachable(Guid linkId) => _workers.TryGetValue(linkId, out var worker) ? worker.Attempt == 0 && worker.Reachable : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        _started.TrySetResult();
        // Every link starts with a probe: it resumes pending work, and it is the sign of life that makes a peer which
        // was waiting on us (backing off while we were down) deliver its backlog at once.
        foreach (var link in await node.Store.GetLinksAsync(stoppingToken).ConfigureAwait(false))
        {
            Wake(link.Id);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(_workers.Values.Select(w => w.Loop)).ConfigureAwait(false);
    }

    private LinkWorker? Worker(Guid linkId)
    {
        if (!_started.Task.IsCompleted || _stopping.IsCancellationRequested)
        {
            // Before ExecuteAsync runs, work is only recorded; ExecuteAsync wakes every link with pending work.
            return null;
        }

        if (_workers.TryGetValue(linkId, out var existing))
        {
            return existing;
        }

        // Exactly one loop per link: two would race to sequence the same transcript.
        lock (_workers)
        {
            if (!_workers.TryGetValue(linkId, out var worker))
            {
                worker = new LinkWorker();
                _workers[linkId] = worker;
                worker.Loop = Task.Run(() => RunAsync(linkId, worker, _stopping));
            }

            return worker;
        }
    }

    private async Task RunAsync(Guid linkId, LinkWorker worker, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                worker.Life.Reader.TryRead(out _);
                var link = worker.Link ??= await node.Store.FindLinkAsync(linkId.ToString("D"), stopping).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Link {linkId} does not exist.");
                var more = await PumpAsync(link, worker, stopping).ConfigureAwait(false);
                if (worker.Attempt > 0)
                {
                    Log.PeerBack(logger, linkId, worker.Attempt);
                    worker.Attempt = 0;
                }

                if (!more)
                {
                    // Nothing left to send: the last receipt is stored before the relay sleeps.
                    await worker.FlushReceiptAsync().ConfigureAwait(false);
                    await worker.Work.Reader.ReadAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or PeerRefusedException or StorageException { IsTransient: true })
            {
                await worker.ForgetAsync().ConfigureAwait(false);
                await BackOffAsync(linkId, worker, ex.Message, stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RelayFailed(logger, linkId, ex);
                await worker.ForgetAsync().ConfigureAwait(false);
                await BackOffAsync(linkId, worker, ex.Message, stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task BackOffAsync(Guid linkId, LinkWorker worker, string error, CancellationToken stopping)
    {
        worker.Reachable = false;
        worker.Attempt++;
        var delay = _backoff.Delay(worker.Attempt, Random.Shared.NextDouble());
        Log.PeerUnreachable(logger, linkId, worker.Attempt, (long)delay.TotalMilliseconds, error);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var timer = Task.Delay(delay, time, wait.Token);
        var life = worker.Life.Reader.WaitToReadAsync(wait.Token).AsTask();
        try
        {
            await Task.WhenAny(timer, life).ConfigureAwait(false);
        }
        finally
        {
            await wait.CancelAsync().ConfigureAwait(false);
        }

        if (worker.Life.Reader.TryRead(out _))
        {
            worker.Attempt = 0;
        }
    }

    /// <summary>Moves one batch. Returns whether there may be more to do right away.</summary>
    private async Task<bool> PumpAsync(LinkRecord link, LinkWorker worker, CancellationToken cancellationToken)
    {
        var store = node.Store;
        if (!worker.Reachable || time.GetElapsedTime(worker.LastExchange) > FreshExchange)
        {
            // After a failure or an idle spell, confirm the peer answers before sequencing anything: what is sequenced
            // toward a peer that turns out to be down stays ahead of every later FLASH.
            await client.ProbeAsync(link, cancellationToken).ConfigureAwait(false);
            worker.Reachable = true;
            worker.LastExchange = time.GetTimestamp();
        }

        // The relay is the only writer of its outbound transcript and receipts, so it keeps their ends in memory and
        // reloads them from the database only after a failure.
        worker.Frontier ??= await store.LoadFrontierAsync(link.Id, LogDirection.Outbound, cancellationToken).ConfigureAwait(false);
        worker.ReceiptSize ??= (await store.GetLatestReceiptAsync(link.Id, LogDirection.Outbound, cancellationToken).ConfigureAwait(false))?.Size ?? 0;
        var from = worker.ResendFrom ?? worker.ReceiptSize.Value;
        BatchRequest request;
        if (worker.Prepared is { } prepared && prepared.Start == from)
        {
            // Sequenced and stored while the previous batch was in flight.
            request = prepared;
        }
        else if (from < worker.Frontier.Size)
        {
            // Sent but not receipted (or the peer asked for a resend): send the stored entries with the stored checkpoint.
            var checkpoint = await store.GetNextCheckpointAsync(link.Id, LogDirection.Outbound, from, cancellationToken).ConfigureAwait(false)
                ?? throw new StorageException($"No checkpoint covers entry {from} of link {link.Id}.", false);
            var entries = await store.GetEntriesAsync(link.Id, LogDirection.Outbound, from, checkpoint.Size, cancellationToken).ConfigureAwait(false);
            request = new BatchRequest(from, entries.Select(e => Convert.ToBase64String(e.Entry)).ToList(), checkpoint.Note);
            worker.SentNotes[checkpoint.Size] = checkpoint.Note;
        }
        else
        {
            var sequenced = await SequenceNextBatchAsync(link, worker, cancellationToken).ConfigureAwait(false);
            if (sequenced is null)
            {
                return false;
            }

            request = sequenced;
        }

        worker.Prepared = null;
        var sending = client.SendBatchAsync(link, request, cancellationToken);

        // Pipelining: while this batch travels, sequence and store the next one, so the sender's signing and fsync
        // overlap the peer's. Only when this batch is the last one sequenced (at most one batch waits ahead of a later
        // FLASH) and the peer is answering.
        Task<BatchRequest?>? preparing = worker.ResendFrom is null && request.Start + request.Entries.Count == worker.Frontier.Size
            ? SequenceNextBatchAsync(link, worker, cancellationToken)
            : null;
        BatchAnswer answer;
        try
        {
            // The previous receipt's fsync overlaps this batch's round trip.
            await worker.FlushReceiptAsync().ConfigureAwait(false);
            answer = await sending.ConfigureAwait(false);
            worker.LastExchange = time.GetTimestamp();
        }
        finally
        {
            if (preparing is not null)
            {
                worker.Prepared = await preparing.ConfigureAwait(false);
            }
        }

        switch (answer)
        {
            case BatchAnswer.Receipt receiptAnswer:
                worker.PendingReceipt = await VerifyReceiptAsync(link, worker, receiptAnswer.Response, cancellationToken).ConfigureAwait(false);
                worker.ResendFrom = null;
                return true;
            case BatchAnswer.Gap gap:
                worker.ResendFrom = gap.ExpectedSize;
                return true;
            case BatchAnswer.Refused refused:
                Log.PeerRefused(logger, link.Id, refused.Reason, refused.Detail);
                throw new PeerRefusedException($"{refused.Reason}: {refused.Detail}");
            default:
                throw new InvalidOperationException("Unknown batch answer.");
        }
    }

    /// <summary>Sequences queued items into the transcript and persists them with one signed checkpoint.</summary>
    private async Task<BatchRequest?> SequenceNextBatchAsync(LinkRecord link, LinkWorker worker, CancellationToken cancellationToken)
    {
        // Appended to a copy: the worker's frontier moves only once the batch is stored.
        var frontier = worker.Frontier!.Clone();
        var ready = await node.Store.ClaimReadyAsync(link.Id, MaxBatchEntries, cancellationToken).ConfigureAwait(false);
        if (ready.Count == 0)
        {
            return null;
        }

        var start = frontier.Size;
        var entries = new List<(Guid, byte[], byte[])>(ready.Count);
        var bytes = 0;
        foreach (var item in ready)
        {
            var envelope = new Envelope(link.Id, item.EnvelopeId, start + entries.Count, item.Precedence, (EnvelopeType)item.Type,
                item.CreatedAt, node.SigningKey.PublicKey, item.From, item.To, item.SealedBody).Encode();
            if (entries.Count > 0 && bytes + envelope.Length > MaxBatchBytes)
            {
                break;
            }

            bytes += envelope.Length;
            var leaf = MerkleHash.Leaf(envelope);
            frontier.Append(leaf);
            entries.Add((item.EnvelopeId, envelope, leaf));
        }

        var checkpoint = new Checkpoint(node.OutboundOrigin(link.Id), frontier.Size, frontier.Root());
        var text = checkpoint.ToText();
        var note = new SignedNote(text, [SignedNote.SignEd25519(text, checkpoint.Origin, node.SigningKey)]).Format();
        await node.Store.StoreSentBatchAsync(new SequencedBatch(link.Id, start, entries, frontier.ToBytes(), note, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        witnessing?.Notify(link.Id);
        worker.Frontier = frontier;
        worker.SentNotes[frontier.Size] = note;
        return new BatchRequest(start, entries.Select(e => Convert.ToBase64String(e.Item2)).ToList(), note);
    }

    /// <summary>
    /// Verifies a receipt against the checkpoint we signed and starts storing it. The worker moves on at once (the peer
    /// holds everything up to its size); the store is awaited before the next receipt, before the relay sleeps, and on
    /// failure, and nothing is shown delivered before it commits.
    /// </summary>
    private async Task<Task> VerifyReceiptAsync(LinkRecord link, LinkWorker worker, ReceiptResponse response, CancellationToken cancellationToken)
    {
        var checkpoint = worker.SentNotes.TryGetValue(response.Size, out var sent)
            ? new StoredCheckpoint(response.Size, sent)
            : await node.Store.GetCheckpointAsync(link.Id, LogDirection.Outbound, response.Size, cancellationToken).ConfigureAwait(false);
        if (checkpoint is null || !SignedNote.TryParse(checkpoint.Note, out var note, out _))
        {
            Log.BadReceipt(logger, link.Id, $"it names size {response.Size}, for which we signed no checkpoint");
            throw new PeerRefusedException("receipt for an unknown checkpoint");
        }

        var line = response.Cosignature.TrimEnd('\n');
        if (!SignedNote.TryParseSignatureLine(line, out var signature, out var error)
            || !Cosignature.Verify(note.Text, signature, NodeRuntime.PeerCosignerKey(link), out _))
        {
            Log.BadReceipt(logger, link.Id, error ?? "the cosignature does not verify with the peer's pinned key");
            throw new PeerRefusedException("invalid receipt");
        }

        worker.ReceiptSize = Math.Max(worker.ReceiptSize ?? 0, response.Size);
        foreach (var size in worker.SentNotes.Keys.Where(size => size <= response.Size).ToList())
        {
            worker.SentNotes.Remove(size);
        }

        var storing = node.Store.StoreReceiptAsync(link.Id, new StoredReceipt(response.Size, checkpoint.Note, signature.ToLine()), time.GetUtcNow(), cancellationToken);
        Log.ReceiptStored(logger, link.Id, response.Size);
        return storing;
    }

    private sealed class LinkWorker
    {
        public Channel<bool> Work { get; } = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        public Channel<bool> Life { get; } = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        public Task Loop { get; set; } = Task.CompletedTask;

        public int Attempt { get; set; }

        /// <summary>False until a probe or exchange succeeds, so nothing is sequenced toward a peer that may be down.</summary>
        public bool Reachable { get; set; }

        /// <summary>Where the peer asked us to resend from (a gap), until the next receipt.</summary>
        public long? ResendFrom { get; set; }

        public LinkRecord? Link { get; set; }

        /// <summary>The outbound transcript's frontier as stored (null: reload from the database).</summary>
        public MerkleFrontier? Frontier { get; set; }

        /// <summary>The size covered by the latest stored receipt (null: reload from the database).</summary>
        public long? ReceiptSize { get; set; }

        /// <summary>Checkpoints sent and not yet receipted, by size, to verify receipts without a read.</summary>
        public Dictionary<long, string> SentNotes { get; } = [];

        /// <summary>The receipt being stored while the next batch travels.</summary>
        public Task? PendingReceipt { get; set; }

        public async Task FlushReceiptAsync()
        {
            if (PendingReceipt is { } pending)
            {
                PendingReceipt = null;
                await pending.ConfigureAwait(false);
            }
        }

        /// <summary>After a failure the database is the truth again.</summary>
        public async Task ForgetAsync()
        {
            try
            {
                await FlushReceiptAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Already failing: the receipt is stored again when the peer answers the resend.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            Frontier = null;
            ReceiptSize = null;
            Prepared = null;
            SentNotes.Clear();
        }

        /// <summary>When the peer last answered (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
        public long LastExchange { get; set; }

        /// <summary>The next batch, already sequenced and stored while the previous one was in flight.</summary>
        public BatchRequest? Prepared { get; set; }
    }
}

/// <summary>The peer refused a batch or sent an invalid receipt: retried with backoff, and logged as an error.</summary>
public sealed class PeerRefusedException(string message) : Exception(message)
{
    public PeerRefusedException() : this("The peer refused.")
    {
    }

    public PeerRefusedException(string message, Exception inner) : this(message + ": " + inner.Message)
    {
    }
}
