using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Tests.Envelopes;

namespace Hotline.Protocol.Tests.Crypto;

/// <summary>The sealed body (docs/protocol.md §Sealed body): both slots, and every way opening must fail.</summary>
public sealed class BodySealTests : IDisposable
{
    private static readonly byte[] s_ephemeral = Enumerable.Range(0x80, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] s_contentKey = Enumerable.Range(0xa0, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] s_plaintext = "Call me on the secure line at 14:00 UTC."u8.ToArray();

    private readonly NodeAgreementKey _sender = NodeAgreementKey.FromPrivateKey(Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray());
    private readonly NodeAgreementKey _peer = NodeAgreementKey.FromPrivateKey(Enumerable.Range(0x60, 32).Select(i => (byte)i).ToArray());
    private readonly NodeAgreementKey _stranger = NodeAgreementKey.FromPrivateKey(Enumerable.Repeat((byte)0x33, 32).ToArray());

    private static Envelope Header(string to = "duty-officer@bravo") => EnvelopeTests.Sample(Precedence.Flash, to: to, body: []);

    private static byte[] Id(Envelope envelope) => Envelope.GuidBytes(envelope.EnvelopeId);

    private byte[] Seal(Envelope header)
        => new BodySealer(s_ephemeral, _peer.PublicKey, _sender.PublicKey).Seal(Id(header), s_contentKey, header.AssociatedData(), s_plaintext);

    private static bool Open(NodeAgreementKey key, byte[] sealedBody, int slot, Envelope header, out byte[] plaintext)
        => new BodyOpener(key).TryOpen(sealedBody, slot, Id(header), header.AssociatedData(), out plaintext);

    public void Dispose()
    {
        _sender.Dispose();
        _peer.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public void Seal_ThenPeerOpensSlot0_GivesThePlaintext()
    {
        var header = Header();
        Assert.True(Open(_peer, Seal(header), BodySeal.PeerSlot, header, out var plaintext));
        Assert.Equal(s_plaintext, plaintext);
    }

    [Fact]
    public void Seal_ThenSenderOpensSlot1WithItsOwnKey_GivesThePlaintext()
    {
        var header = Header();
        Assert.True(Open(_sender, Seal(header), BodySeal.SenderSlot, header, out var plaintext));
        Assert.Equal(s_plaintext, plaintext);
    }

    [Fact]
    public void Seal_HasTheDocumentedLayoutAndOverhead()
    {
        var sealedBody = Seal(Header());
        Assert.Equal(s_plaintext.Length + BodySeal.Overhead, sealedBody.Length);
        Assert.Equal(1 + 32 + 48 + 48 + 16, BodySeal.Overhead);
        Assert.Equal(BodySeal.SuiteX25519HkdfSha256ChaCha20Poly1305, sealedBody[0]);
        using var ephemeral = NodeAgreementKey.FromPrivateKey(s_ephemeral);
        Assert.Equal(ephemeral.PublicKey, sealedBody[1..33]);
    }

    [Fact]
    public void Open_TheOtherPartysSlot_Fails()
    {
        var header = Header();
        var sealedBody = Seal(header);
        Assert.False(Open(_peer, sealedBody, BodySeal.SenderSlot, header, out var plaintext));
        Assert.Empty(plaintext);
        Assert.False(Open(_sender, sealedBody, BodySeal.PeerSlot, header, out _));
    }

    [Fact]
    public void Open_WithAnotherKey_FailsForBothSlots()
    {
        var header = Header();
        var sealedBody = Seal(header);
        Assert.False(Open(_stranger, sealedBody, BodySeal.PeerSlot, header, out _));
        Assert.False(Open(_stranger, sealedBody, BodySeal.SenderSlot, header, out _));
    }

    [Fact]
    public void Open_WithTamperedAssociatedData_Fails()
    {
        var sealedBody = Seal(Header());
        var otherTo = Header(to: "minister@bravo");
        Assert.False(Open(_peer, sealedBody, BodySeal.PeerSlot, otherTo, out _));
        Assert.False(Open(_sender, sealedBody, BodySeal.SenderSlot, otherTo, out _));
        var otherPrecedence = Header() with { Precedence = Precedence.Routine };
        Assert.False(Open(_peer, sealedBody, BodySeal.PeerSlot, otherPrecedence, out _));
    }

    [Fact]
    public void Open_WithDifferentEnvelopeId_Fails()
    {
        var header = Header();
        var sealedBody = Seal(header);
        var otherId = Envelope.GuidBytes(Guid.Parse("00112233-4455-6677-8899-aabbccddeefe"));
        Assert.False(new BodyOpener(_peer).TryOpen(sealedBody, BodySeal.PeerSlot, otherId, header.AssociatedData(), out _));
        Assert.False(new BodyOpener(_sender).TryOpen(sealedBody, BodySeal.SenderSlot, otherId, header.AssociatedData(), out _));
    }

    [Fact]
    public void Open_AfterSequenceIsAssigned_StillSucceeds()
    {
        // The relay assigns sequence numbers after sealing; the associated data has the sequence zeroed.
        var header = Header();
        var sealedBody = Seal(header);
        var sent = header with { Sequence = 1234, SealedBody = sealedBody };
        Assert.True(new BodyOpener(_peer).TryOpen(sent.SealedBody, BodySeal.PeerSlot, Id(sent), sent.AssociatedData(), out var plaintext));
        Assert.Equal(s_plaintext, plaintext);
    }

    [Fact]
    public void Open_WithAnyFlippedByte_FailsForEverySlotThatDependsOnIt()
    {
        var header = Header();
        var sealedBody = Seal(header);
        const int wrap0 = 1 + 32;
        const int wrap1 = wrap0 + 48;
        for (var position = 0; position < sealedBody.Length; position++)
        {
            var damaged = sealedBody.ToArray();
            damaged[position] ^= 0x01;
            var peerDepends = position < wrap1 || position >= BodySeal.HeaderSize;
            var senderDepends = position < wrap0 || position >= wrap1;
            Assert.Equal(!peerDepends, Open(_peer, damaged, BodySeal.PeerSlot, header, out _));
            Assert.Equal(!senderDepends, Open(_sender, damaged, BodySeal.SenderSlot, header, out _));
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void Open_UnknownSlot_Fails(int slot)
        => Assert.False(Open(_peer, Seal(Header()), slot, Header(), out _));

    [Fact]
    public void Open_TooShortOrUnknownSuite_Fails()
    {
        var header = Header();
        var sealedBody = Seal(header);
        Assert.False(Open(_peer, sealedBody[..(BodySeal.Overhead - 1)], BodySeal.PeerSlot, header, out _));
        Assert.False(Open(_peer, [], BodySeal.PeerSlot, header, out _));
        sealedBody[0] = 0x02;
        Assert.False(Open(_peer, sealedBody, BodySeal.PeerSlot, header, out _));
    }

    [Fact]
    public void Open_WithLowOrderEphemeralKey_Fails()
    {
        var header = Header();
        var sealedBody = Seal(header);
        sealedBody.AsSpan(1, 32).Clear();
        Assert.False(Open(_peer, sealedBody, BodySeal.PeerSlot, header, out _));
    }

    [Fact]
    public void OneSealer_SealsManyEnvelopes_OneOpenerOpensThemAll()
    {
        var sealer = new BodySealer(s_ephemeral, _peer.PublicKey, _sender.PublicKey);
        var opener = new BodyOpener(_peer);
        for (var i = 0; i < 20; i++)
        {
            var header = Header() with { EnvelopeId = new Guid([.. BitConverter.GetBytes((long)i), .. "12345678"u8]) };
            var contentKey = s_contentKey.ToArray();
            contentKey[0] = (byte)i;
            byte[] body = [.. s_plaintext, (byte)i];
            var sealedBody = sealer.Seal(Id(header), contentKey, header.AssociatedData(), body);
            Assert.True(opener.TryOpen(sealedBody, BodySeal.PeerSlot, Id(header), header.AssociatedData(), out var plaintext));
            Assert.Equal(body, plaintext);
        }
    }

    [Fact]
    public void Seal_EmptyBody_RoundTrips()
    {
        var header = Header();
        var sealedBody = new BodySealer(s_ephemeral, _peer.PublicKey, _sender.PublicKey).Seal(Id(header), s_contentKey, header.AssociatedData(), []);
        Assert.Equal(BodySeal.Overhead, sealedBody.Length);
        Assert.True(Open(_peer, sealedBody, BodySeal.PeerSlot, header, out var plaintext));
        Assert.Empty(plaintext);
    }

    [Fact]
    public void Sealer_WithLowOrderPeerKeyOrWrongContentKeyLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BodySealer(s_ephemeral, new byte[32], _sender.PublicKey));
        Assert.Throws<ArgumentException>(() => new BodySealer(s_ephemeral, _peer.PublicKey, new byte[32]));
        var sealer = new BodySealer(s_ephemeral, _peer.PublicKey, _sender.PublicKey);
        Assert.Throws<ArgumentException>(() => sealer.Seal(Id(Header()), new byte[31], [], s_plaintext));
    }

    [Fact]
    public void Seal_WithFixedInputs_ReproducesTheVectorFile()
    {
        var example = WorkedExample.Compute();
        Assert.Equal(example.Values["sealed.body"], Vectors.Record(WorkedExample.File, "worked example")["sealed.body"]);
    }
}
