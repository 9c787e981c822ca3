using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Witness;
using Hotline.Storage.Witness;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Witness;

/// <summary>What the witness answers to add-checkpoint: a status, its body and the body's media type.</summary>
public sealed record WitnessAnswer(int StatusCode, string Body, string ContentType = WitnessAnswer.TextContentType)
{
    public const string TextContentType = "text/plain; charset=utf-8";
}

/// <summary>
/// The witness (C2SP tlog-witness v1.0.0 add-checkpoint): load the log's keys and the latest cosigned checkpoint,
/// decide (<see cref="AddCheckpointDecision"/>, pure), then store a new latest with a compare-and-set that is on disk
/// before the cosignature is made, so no two answers can ever contradict each other, even for concurrent requests or
/// across a crash. A request that lost the race to another is decided again against the new latest.
/// </summary>
public sealed class CheckpointWitness(WitnessStore store, string name, NodeSigningKey key, TimeProvider time, ILogger<CheckpointWitness> logger)
{
    /// <summary>The witness's cosigner name (the key name of its cosignatures).</summary>
    public string Name { get; } = name;

    public async Task<WitnessAnswer> AddCheckpointAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!AddCheckpointRequest.TryParse(body.Span, out var request, out var error))
        {
            Log.Refused(logger, "-", 400, error!);
            return new WitnessAnswer(400, error + "\n");
        }

        var origin = request!.Checkpoint.Origin;
        var keys = new List<NoteKey>();
        foreach (var text in await store.GetLogKeysAsync(origin, cancellationToken).ConfigureAwait(false))
        {
            // `hotline witness trust` stores only Ed25519 log keys; anything else in the file is not a key of this log.
            if (NoteKey.TryParseVerifierKey(text, out var parsed, out _) && parsed.Type == NoteKey.Ed25519Type)
            {
                keys.Add(parsed);
            }
        }

        // Each pass decides against the latest as stored; a pass only repeats when another request advanced the
        // origin in between, and the next pass then answers 409 or proves consistency from the new latest.
        while (true)
        {
            var latest = await store.GetLatestAsync(origin, cancellationToken).ConfigureAwait(false);
            var decision = AddCheckpointDecision.Decide(request, keys, latest is null ? null : new Checkpoint(origin, latest.Size, latest.Root));
            switch (decision.Outcome)
            {
                case AddCheckpointOutcome.Cosign:
                    if (decision.IsNewLatest && !await store.TryAdvanceAsync(latest, new WitnessedCheckpoint(origin, request.Checkpoint.Size, request.Checkpoint.Root,
                        request.CheckpointNote, time.GetUtcNow()), cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    var timestamp = (ulong)time.GetUtcNow().ToUnixTimeSeconds();
                    Log.Cosigned(logger, origin, request.Checkpoint.Size, request.OldSize);
                    return new WitnessAnswer(200, AddCheckpointResponse.FormatCosignatures([Cosignature.Sign(request.Note.Text, timestamp, Name, key)]));
                case AddCheckpointOutcome.Conflict:
                    return new WitnessAnswer(409, AddCheckpointResponse.FormatSize(decision.LatestSize), AddCheckpointResponse.SizeContentType);
                case AddCheckpointOutcome.BadProof:
                    // The log signed it (that was checked first): keep it, it may prove the log forked.
                    await store.RecordRefusalAsync(origin, time.GetUtcNow(), decision.StatusCode, decision.Reason, request.Format(), cancellationToken).ConfigureAwait(false);
                    Log.Inconsistent(logger, origin, request.Checkpoint.Size, decision.Reason);
                    return new WitnessAnswer(decision.StatusCode, decision.Reason + "\n");
                case AddCheckpointOutcome.BadRequest:
                case AddCheckpointOutcome.UnknownLog:
                case AddCheckpointOutcome.Forbidden:
                    Log.Refused(logger, origin, decision.StatusCode, decision.Reason);
                    return new WitnessAnswer(decision.StatusCode, decision.Reason + "\n");
                default:
                    throw new InvalidOperationException($"Unknown outcome {decision.Outcome}.");
            }
        }
    }
}
