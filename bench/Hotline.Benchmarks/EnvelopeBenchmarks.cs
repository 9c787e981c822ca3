using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Hotline.Protocol;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Benchmarks;

/// <summary>Per-message costs on the send path: sealing a 256-byte body, encoding, hashing into the transcript.</summary>
[MemoryDiagnoser]
public class EnvelopeBenchmarks
{
    private readonly byte[] _body = RandomNumberGenerator.GetBytes(256);
    private readonly byte[] _contentKey = RandomNumberGenerator.GetBytes(32);
    private readonly Guid _link = Guid.CreateVersion7();
    private NodeSigningKey _signing = null!;
    private NodeAgreementKey _peer = null!;
    private BodySealer _sealer = null!;
    private BodyOpener _opener = null!;
    private Envelope _envelope = null!;
    private byte[] _encoded = null!;
    private byte[] _aad = null!;

    [GlobalSetup]
    public void Setup()
    {
        _signing = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        _peer = NodeAgreementKey.FromPrivateKey(RandomNumberGenerator.GetBytes(32));
        using var self = NodeAgreementKey.FromPrivateKey(RandomNumberGenerator.GetBytes(32));
        _sealer = new BodySealer(RandomNumberGenerator.GetBytes(32), _peer.PublicKey, self.PublicKey);
        _opener = new BodyOpener(_peer);
        var id = Guid.CreateVersion7();
        _aad = Envelope.AssociatedData(_link, id, Precedence.Routine, EnvelopeType.Message, DateTimeOffset.UnixEpoch, _signing.PublicKey, "secdef", "vcmc");
        var sealedBody = _sealer.Seal(Envelope.GuidBytes(id), _contentKey, _aad, _body);
        _envelope = new Envelope(_link, id, 42, Precedence.Routine, EnvelopeType.Message, DateTimeOffset.UnixEpoch, _signing.PublicKey, "secdef", "vcmc", sealedBody);
        _encoded = _envelope.Encode();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signing.Dispose();
        _peer.Dispose();
    }

    [Benchmark]
    public byte[] SealBody256() => _sealer.Seal(Envelope.GuidBytes(_envelope.EnvelopeId), _contentKey, _aad, _body);

    [Benchmark]
    public bool OpenBody256() => _opener.TryOpen(_envelope.SealedBody, BodySeal.PeerSlot, Envelope.GuidBytes(_envelope.EnvelopeId), _aad, out _);

    [Benchmark]
    public byte[] EncodeEnvelope() => _envelope.Encode();

    [Benchmark]
    public bool DecodeEnvelope() => Envelope.TryDecode(_encoded, out _, out _);

    [Benchmark]
    public byte[] LeafHash() => MerkleHash.Leaf(_encoded);

    [Benchmark]
    public byte[] SignCheckpoint() => _signing.Sign("hotline/link/x/alpha\n1000\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"u8);

    [Benchmark]
    public bool VerifySignature() => NodeSigningKey.Verify(_signing.PublicKey, _encoded, _signing.Sign(_encoded));
}
