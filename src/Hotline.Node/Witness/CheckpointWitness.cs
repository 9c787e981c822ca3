using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;
using Hotline.Storage.Witness;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Witness;

/// <summary>What the witness answers to add-checkpoint: a status, and the cosignature lines (200), the latest size
/// (409) or a one-line reason.</summary>
public sealed record WitnessAnswer(int StatusCode, string Body)
{
    /// <summary>The 409 body's media type (tlog-witness).</summary>
    public const string SizeContentType = "text/x.tlog.size";
}

/// <summary>
/// The witness (C2SP tlog-witness v1.0.0 add-checkpoint): load the log's keys and the latest cosigned checkpoint,
/// decide (<see cref="AddCheckpointDecision"/>), then store the new latest with a compare-and-set that is on disk
/// before the cosignature is made, so no two answers can ever contradict each other, even for concurrent requests or
/// across a crash. A request that lost the race to another is decided again against the new latest.
/// </summary>
public sealed class CheckpointWitness(WitnessStore store, string name, NodeSigningKey key, TimeProvider time, ILogger<CheckpointWitness> logger)
{
    /// <summary>The witness's cosigner name (the key name of its cosignatures).</summary>
    public string Name { get; } = name;

    /// <summary>The witness's verifier key (C2SP vkey, type 0x04): what logs and their verifiers configure.</summary>
    public string VerifierKey { get; } = new NoteKey(name, NoteKey.CosignatureV1Type, key.PublicKey).ToVerifierKey();

    public async Task<WitnessAnswer> AddCheckpointAsync(string body, CancellationToken cancellationToken)
    {
        if (!AddCheckpointBody.TryParse(body, out var request, out var error))
        {
            Log.Refused(logger, "-", 400, error!);
            return new WitnessAnswer(400, error + "\n");
        }

        var origin = request.Checkpoint.Origin;
        var keys = new List<NoteKey>();
        foreach (var text in await store.GetLogKeysAsync(origin, cancellationToken).ConfigureAwait(false))
        {
            if (NoteKey.TryParseVerifierKey(text, out var parsed, out _))
            {
                keys.Add(parsed);
            }
        }

        // Each pass decides against the latest as stored; a pass only repeats when another request advanced the
        // origin in between, and the next pass then answers 409 or proves consistency from the new latest.
        while (true)
        {
            var latest = await store.GetLatestAsync(origin, cancellationToken).ConfigureAwait(false);
            var decision = AddCheckpointDecision.Decide(request, keys, latest?.Size ?? 0, latest?.Root);
            switch (decision.Outcome)
            {
                case AddCheckpointOutcome.Cosign:
                    var changed = latest is null || latest.Size != request.Checkpoint.Size;
                    if (changed && !await store.TryAdvanceAsync(latest, new WitnessedCheckpoint(origin, request.Checkpoint.Size, request.Checkpoint.Root,
                        request.Note.Format(), time.GetUtcNow()), cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    var timestamp = (ulong)time.GetUtcNow().ToUnixTimeSeconds();
                    Log.Cosigned(logger, origin, request.Checkpoint.Size, request.OldSize);
                    return new WitnessAnswer(200, Cosignature.Sign(request.Note.Text, timestamp, Name, key).ToLine());
                case AddCheckpointOutcome.OldSizeNotLatest:
                    return new WitnessAnswer(409, decision.LatestSize.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
                case AddCheckpointOutcome.Inconsistent:
                    // The log signed it (that was checked first): keep it, it may prove the log forked.
                    await store.RecordRefusalAsync(origin, time.GetUtcNow(), decision.StatusCode, decision.Reason, body, cancellationToken).ConfigureAwait(false);
                    Log.Inconsistent(logger, origin, request.Checkpoint.Size, decision.Reason);
                    return new WitnessAnswer(decision.StatusCode, decision.Reason + "\n");
                case AddCheckpointOutcome.BadRequest:
                case AddCheckpointOutcome.UnknownOrigin:
                case AddCheckpointOutcome.NotSignedByLog:
                    Log.Refused(logger, origin, decision.StatusCode, decision.Reason);
                    return new WitnessAnswer(decision.StatusCode, decision.Reason + "\n");
                default:
                    throw new InvalidOperationException($"Unknown outcome {decision.Outcome}.");
            }
        }
    }
}
