using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Hotline.Protocol;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Benchmarks;

/// <summary>Per-batch costs: the receiver's whole check of a 1,000-envelope batch, and a receipt's verification.</summary>
[MemoryDiagnoser]
public class TranscriptBenchmarks
{
    private readonly Guid _link = Guid.CreateVersion7();
    private NodeSigningKey _sender = null!;
    private List<byte[]> _entries = null!;
    private string _note = null!;
    private string _checkpointText = null!;
    private NoteSignature _cosignature = null!;
    private NoteKey _logKey;
    private NoteKey _cosignerKey;

    [Params(1000)]
    public int BatchSize;

    [GlobalSetup]
    public void Setup()
    {
        _sender = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        var origin = TranscriptNames.Origin(_link, "alpha");
        _logKey = new NoteKey(origin, NoteKey.Ed25519Type, _sender.PublicKey);
        var frontier = MerkleFrontier.Empty();
        _entries = [];
        for (var i = 0; i < BatchSize; i++)
        {
            var bytes = new Envelope(_link, Guid.CreateVersion7(), i, Precedence.Routine, EnvelopeType.Message, DateTimeOffset.UnixEpoch,
                _sender.PublicKey, "", "", RandomNumberGenerator.GetBytes(256 + BodySeal.Overhead)).Encode();
            _entries.Add(bytes);
            frontier.Append(MerkleHash.Leaf(bytes));
        }

        _checkpointText = new Checkpoint(origin, frontier.Size, frontier.Root()).ToText();
        _note = new SignedNote(_checkpointText, [SignedNote.SignEd25519(_checkpointText, origin, _sender)]).Format();
        _cosignature = Cosignature.Sign(_checkpointText, 1_700_000_000, "hotline/node/bravo", _sender);
        _cosignerKey = new NoteKey("hotline/node/bravo", NoteKey.CosignatureV1Type, _sender.PublicKey);
    }

    [GlobalCleanup]
    public void Cleanup() => _sender.Dispose();

    [Benchmark]
    public BatchDecision CheckBatch() => BatchCheck.Decide(_link, _logKey.Name, _logKey, MerkleFrontier.Empty(), 0, _entries, _note, []);

    [Benchmark]
    public bool VerifyReceipt() => Cosignature.Verify(_checkpointText, _cosignature, _cosignerKey, out _);
}
