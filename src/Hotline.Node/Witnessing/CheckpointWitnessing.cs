using System.Collections.Concurrent;
using System.Threading.Channels;
using Hotline.Domain;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;
using Hotline.Protocol.Witness;
using Hotline.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Node.Witnessing;

/// <summary>How witnessing a link with one witness goes: failed attempts in a row and the last error (in memory).</summary>
public sealed record WitnessProgress(string Witness, int FailedAttempts, string? LastError, DateTimeOffset? LastAttemptAt);

/// <summary>
/// Submits this node's outbound checkpoints to the configured witnesses (C2SP tlog-witness, docs/witness.md), in the
/// background: the relay only calls <see cref="Notify"/> after it stored a batch, which costs a channel write and never
/// waits. One loop per link and witness; notifications coalesce, so a loop always submits the latest checkpoint (a
/// witness's cosignature on size n vouches for every smaller one). Each submission carries a consistency proof from
/// the size the witness last accepted (remembered, and seeded from the stored cosignatures on start); a 409 teaches the
/// witness's size and the request is made again with the right proof. Returned cosignatures are verified with the
/// configured witness key before they are stored. Failures back off exponentially up to <c>WitnessRetryCap</c> and
/// are retried until the latest checkpoint is cosigned, so a witness that was down catches up when it is back.
/// </summary>
public sealed class CheckpointWitnessing(NodeRuntime node, WitnessClient client, IOptions<HotlineOptions> options, TimeProvider time, ILogger<CheckpointWitnessing> logger)
    : BackgroundService
{
    /// <summary>409s in a row after which a submission counts as failed (the witness keeps moving, or lies).</summary>
    private const int MaxConflicts = 3;

    private readonly ConcurrentDictionary<(Guid LinkId, string Witness), Submitter> _submitters = new();
    private readonly List<WitnessOptions> _witnesses = options.Value.Witnesses;
    private readonly Backoff _backoff = new(TimeSpan.FromSeconds(1), options.Value.WitnessRetryCap);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _stopping = CancellationToken.None;

    /// <summary>The configured witnesses.</summary>
    public IReadOnlyList<WitnessOptions> Witnesses => _witnesses;

    /// <summary>How many witness cosignatures make a checkpoint witnessed (0 when no witness is configured).</summary>
    public int Quorum => options.Value.WitnessQuorum ?? _witnesses.Count;

    /// <summary>A new outbound checkpoint was stored on the link: submit it (never blocks; coalesces).</summary>
    public void Notify(Guid linkId)
    {
        if (_witnesses.Count == 0 || !_started.Task.IsCompleted || _stopping.IsCancellationRequested)
        {
            // Before start nothing is lost: ExecuteAsync notifies every link.
            return;
        }

        foreach (var witness in _witnesses)
        {
            SubmitterFor(linkId, witness).Signal.Writer.TryWrite(true);
        }
    }

    /// <summary>Per configured witness, how witnessing this link goes.</summary>
    public IReadOnlyList<WitnessProgress> ProgressOf(Guid linkId)
        => [.. _witnesses.Select(w => _submitters.TryGetValue((linkId, w.Name), out var s)
            ? new WitnessProgress(w.Name, s.Attempt, s.LastError, s.LastAttemptAt)
            : new WitnessProgress(w.Name, 0, null, null))];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        _started.TrySetResult();
        if (_witnesses.Count == 0)
        {
            return;
        }

        // A checkpoint stored before a restart (or while a witness was down) is submitted now.
        foreach (var link in await node.Store.GetLinksAsync(stoppingToken).ConfigureAwait(false))
        {
            Notify(link.Id);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(_submitters.Values.Select(s => s.Loop)).ConfigureAwait(false);
    }

    private Submitter SubmitterFor(Guid linkId, WitnessOptions witness)
    {
        if (_submitters.TryGetValue((linkId, witness.Name), out var existing))
        {
            return existing;
        }

        // Exactly one loop per link and witness: two would race on the witness's size.
        lock (_submitters)
        {
            if (!_submitters.TryGetValue((linkId, witness.Name), out var submitter))
            {
                submitter = new Submitter(linkId, witness, witness.Key());
                _submitters[(linkId, witness.Name)] = submitter;
                submitter.Loop = Task.Run(() => RunAsync(submitter, _stopping));
            }

            return submitter;
        }
    }

    private async Task RunAsync(Submitter submitter, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await submitter.Signal.Reader.ReadAsync(stopping).ConfigureAwait(false);
                // Until the latest checkpoint is cosigned: every pass re-reads the latest, so signals that arrived
                // meanwhile are served by the same pass.
                while (true)
                {
                    submitter.Signal.Reader.TryRead(out _);
                    try
                    {
                        submitter.LastAttemptAt = time.GetUtcNow();
                        await SubmitLatestAsync(submitter, stopping).ConfigureAwait(false);
                        if (submitter.Attempt > 0)
                        {
                            Log.Back(logger, submitter.Witness.Name, submitter.LinkId, submitter.Attempt);
                        }

                        submitter.Attempt = 0;
                        submitter.LastError = null;
                        break;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                    {
                        submitter.Attempt++;
                        submitter.LastError = ex.Message;
                        submitter.LastAccepted = null;
                        var delay = _backoff.Delay(submitter.Attempt, Random.Shared.NextDouble());
                        switch (ex)
                        {
                            case HttpRequestException or TaskCanceledException or StorageException { IsTransient: true }:
                                Log.Unreachable(logger, submitter.Witness.Name, submitter.LinkId, submitter.Attempt, (long)delay.TotalMilliseconds, ex.Message);
                                break;
                            case WitnessRefusedException:
                                // Logged where it was refused, with the details.
                                break;
                            default:
                                Log.Failed(logger, submitter.Witness.Name, submitter.LinkId, ex);
                                break;
                        }

                        await Task.Delay(delay, time, stopping).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Submits the link's latest outbound checkpoint to the witness, unless it cosigned it already.</summary>
    private async Task SubmitLatestAsync(Submitter submitter, CancellationToken cancellationToken)
    {
        var store = node.Store;
        var linkId = submitter.LinkId;
        var witness = submitter.Witness;
        // The frontier and the checkpoint of its size are written in one transaction, so the size always has one.
        var current = await store.LoadFrontierAsync(linkId, LogDirection.Outbound, cancellationToken).ConfigureAwait(false);
        var size = current.Size;
        submitter.LastAccepted ??= (await store.GetLatestWitnessCosignaturesAsync(linkId, LogDirection.Outbound, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => string.Equals(c.Witness, witness.Name, StringComparison.Ordinal))?.Size ?? 0;
        if (size == 0 || submitter.LastAccepted >= size)
        {
            return;
        }

        var stored = await store.GetCheckpointAsync(linkId, LogDirection.Outbound, size, cancellationToken).ConfigureAwait(false)
            ?? throw new StorageException($"No checkpoint of size {size} is stored for link {linkId}.", false);
        if (!SignedNote.TryParse(stored.Note, out var note, out var error))
        {
            throw new StorageException($"The stored checkpoint of size {size} of link {linkId} is malformed: {error}", false);
        }

        for (var conflicts = 0; ; conflicts++)
        {
            var old = submitter.LastAccepted.Value;
            if (old > size)
            {
                // The witness holds a larger tree of our log than we do: our database lost data (restored from a
                // backup?) or someone else signs with our key. Either way it must not be papered over.
                var detail = $"it cosigned size {old}, our transcript has {size}";
                Log.Contradiction(logger, witness.Name, linkId, detail);
                throw new WitnessRefusedException(detail);
            }

            var proof = old > 0 && old < size ? await ConsistencyProofAsync(submitter, old, current, cancellationToken).ConfigureAwait(false) : [];

            var answer = await client.AddCheckpointAsync(witness.Url, AddCheckpointRequest.Format(old, proof, stored.Note), cancellationToken).ConfigureAwait(false);
            switch (answer)
            {
                case AddCheckpointResult.Cosigned cosigned:
                    // Lines by other keys are ignored (tlog-witness); the witness's own must verify over what we signed.
                    if (!AddCheckpointResponse.TryParseCosignatures(cosigned.Lines, out var lines, out error)
                        || !AddCheckpointResponse.TryVerifyCosignature(note.Text, lines, submitter.Key, out var line, out _, out error))
                    {
                        Log.Refused(logger, witness.Name, linkId, size, 200, error!);
                        throw new WitnessRefusedException($"the witness's answer does not hold a valid cosignature by its configured key: {error}");
                    }

                    await store.StoreWitnessCosignatureAsync(linkId, LogDirection.Outbound, new WitnessCosignatureRecord(witness.Name, size, line!.ToLine(), time.GetUtcNow()),
                        cancellationToken).ConfigureAwait(false);
                    submitter.LastAccepted = size;
                    submitter.AcceptedFrontier = current;
                    Log.Cosigned(logger, witness.Name, linkId, size);
                    return;
                case AddCheckpointResult.Conflict conflict when conflicts < MaxConflicts:
                    // Ask again from the witness's size (when that is this size already, because its answer to us
                    // was lost, the request needs no proof and gets the cosignature).
                    submitter.LastAccepted = conflict.WitnessSize;
                    continue;
                case AddCheckpointResult.Conflict conflict:
                    throw new WitnessRefusedException($"the witness's size keeps changing (now {conflict.WitnessSize})");
                case AddCheckpointResult.Refused refused:
                    if (refused.Status == 422)
                    {
                        Log.Contradiction(logger, witness.Name, linkId, $"it refused size {size} from {old} as inconsistent: {refused.Detail}");
                    }
                    else
                    {
                        Log.Refused(logger, witness.Name, linkId, size, refused.Status, refused.Detail);
                    }

                    throw new WitnessRefusedException($"{refused.Status}: {refused.Detail}");
                default:
                    throw new InvalidOperationException("Unknown witness answer.");
            }
        }
    }

    /// <summary>
    /// The consistency proof from <paramref name="oldSize"/> to <paramref name="current"/>'s size. RFC 6962's proof
    /// consists of subtrees left of the old size, which are exactly the perfect subtrees of the old tree's frontier, and
    /// subtrees right of it: so with the frontier of the size the witness accepted last (kept from the previous
    /// submission) only the leaves added since are read, not the whole transcript. The frontier is rebuilt from the
    /// leaves once after a restart or when a 409 names another size, and the proof is checked before it is sent.
    /// </summary>
    private async Task<List<byte[]>> ConsistencyProofAsync(Submitter submitter, long oldSize, MerkleFrontier current, CancellationToken cancellationToken)
    {
        var store = node.Store;
        var linkId = submitter.LinkId;
        if (submitter.AcceptedFrontier?.Size != oldSize)
        {
            var rebuilt = MerkleFrontier.Empty();
            foreach (var leaf in await store.GetLeafHashesAsync(linkId, LogDirection.Outbound, 0, oldSize, cancellationToken).ConfigureAwait(false))
            {
                rebuilt.Append(leaf);
            }

            submitter.AcceptedFrontier = rebuilt;
        }

        var old = submitter.AcceptedFrontier;
        var added = await store.GetLeafHashesAsync(linkId, LogDirection.Outbound, oldSize, current.Size, cancellationToken).ConfigureAwait(false);
        var left = PerfectSubtrees(old);
        var proof = new List<byte[]>();
        foreach (var (start, end) in Protocol.Tiles.ProofShape.Consistency(oldSize, current.Size))
        {
            proof.Add(start >= oldSize ? MerkleProofs.SubtreeRoot(added, start - oldSize, end - oldSize)
                : left.TryGetValue((start, end), out var hash) ? hash
                : throw new InvalidOperationException($"The consistency proof {oldSize}→{current.Size} needs D[{start}:{end}], which is not in the old frontier."));
        }

        return MerkleProofs.VerifyConsistency(oldSize, current.Size, proof, old.Root(), current.Root())
            ? proof
            : throw new InvalidOperationException($"The consistency proof {oldSize}→{current.Size} built from the frontier does not verify.");
    }

    /// <summary>The perfect subtrees a frontier holds, by their leaf range: one per set bit of the size, largest first.</summary>
    private static Dictionary<(long Start, long End), byte[]> PerfectSubtrees(MerkleFrontier frontier)
    {
        var bytes = frontier.ToBytes();
        var subtrees = new Dictionary<(long, long), byte[]>();
        long start = 0;
        var index = 0;
        for (var bit = 62; bit >= 0; bit--)
        {
            var width = 1L << bit;
            if ((frontier.Size & width) != 0)
            {
                subtrees[(start, start + width)] = bytes.AsSpan(8 + (index++ * MerkleHash.Size), MerkleHash.Size).ToArray();
                start += width;
            }
        }

        return subtrees;
    }

    private sealed class Submitter(Guid linkId, WitnessOptions witness, NoteKey key)
    {
        public Guid LinkId { get; } = linkId;

        public WitnessOptions Witness { get; } = witness;

        public NoteKey Key { get; } = key;

        public Channel<bool> Signal { get; } = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        public Task Loop { get; set; } = Task.CompletedTask;

        /// <summary>The size the witness last accepted for our log (null: read it from the stored cosignatures).</summary>
        public long? LastAccepted { get; set; }

        /// <summary>Our transcript's frontier at <see cref="LastAccepted"/>, when known (the next proof starts there).</summary>
        public MerkleFrontier? AcceptedFrontier { get; set; }

        public int Attempt { get; set; }

        public string? LastError { get; set; }

        public DateTimeOffset? LastAttemptAt { get; set; }
    }
}

/// <summary>A witness refused our checkpoint, or answered with something that does not verify: retried with backoff.</summary>
public sealed class WitnessRefusedException(string message) : Exception(message)
{
    public WitnessRefusedException() : this("The witness refused.")
    {
    }

    public WitnessRefusedException(string message, Exception inner) : this(message + ": " + inner.Message)
    {
    }
}
