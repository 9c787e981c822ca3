using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Tests.Envelopes;

namespace Hotline.Protocol.Tests.Crypto;

/// <summary>Selective disclosure: the content key either node recovers opens exactly that body, under that header.</summary>
public sealed class BodyDisclosureTests : IDisposable
{
    private static readonly byte[] s_ephemeral = Enumerable.Range(0x80, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] s_plaintext = "We acknowledge the incident notice of 0412Z."u8.ToArray();
    private readonly NodeAgreementKey _sender = NodeAgreementKey.FromPrivateKey(Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray());
    private readonly NodeAgreementKey _peer = NodeAgreementKey.FromPrivateKey(Enumerable.Range(0x60, 32).Select(i => (byte)i).ToArray());

    public void Dispose()
    {
        _sender.Dispose();
        _peer.Dispose();
    }

    [Theory]
    [InlineData(BodySeal.PeerSlot)]
    [InlineData(BodySeal.SenderSlot)]
    public void TheKeyEitherNodeRecovers_OpensTheBody_ForAVerifierWithoutAnyPrivateKey(int slot)
    {
        var (header, sealedBody, contentKey) = Seal(Enumerable.Range(0xa0, 32).Select(i => (byte)i).ToArray());
        var node = slot == BodySeal.PeerSlot ? _peer : _sender;

        Assert.True(new BodyOpener(node).TryOpen(sealedBody, slot, Envelope.GuidBytes(header.EnvelopeId), header.AssociatedData(), out var opened, out var disclosed));

        Assert.Equal(s_plaintext, opened);
        Assert.Equal(contentKey, disclosed);
        Assert.True(BodyDisclosure.TryOpen(sealedBody, disclosed, header.AssociatedData(), out var verified));
        Assert.Equal(s_plaintext, verified);
    }

    [Fact]
    public void AKeyOfAnotherBody_OrAnotherHeader_OrAFlippedCiphertextBit_OpensNothing()
    {
        var (header, sealedBody, contentKey) = Seal(Enumerable.Range(0xa0, 32).Select(i => (byte)i).ToArray());
        var (_, _, otherKey) = Seal(Enumerable.Range(0xc0, 32).Select(i => (byte)i).ToArray());
        var otherHeader = EnvelopeTests.Sample(Precedence.Routine, to: "someone else", body: []);
        var flipped = (byte[])sealedBody.Clone();
        flipped[^1] ^= 1;

        Assert.False(BodyDisclosure.TryOpen(sealedBody, otherKey, header.AssociatedData(), out _));
        Assert.False(BodyDisclosure.TryOpen(sealedBody, contentKey, otherHeader.AssociatedData(), out _));
        Assert.False(BodyDisclosure.TryOpen(flipped, contentKey, header.AssociatedData(), out _));
        Assert.False(BodyDisclosure.TryOpen(sealedBody, contentKey.AsSpan(0, 31), header.AssociatedData(), out _));
        Assert.False(BodyDisclosure.TryOpen(sealedBody.AsSpan(0, 100), contentKey, header.AssociatedData(), out _));
    }

    private (Envelope Header, byte[] SealedBody, byte[] ContentKey) Seal(byte[] contentKey)
    {
        var header = EnvelopeTests.Sample(Precedence.Flash, to: "duty-officer@bravo", body: []);
        var sealedBody = new BodySealer(s_ephemeral, _peer.PublicKey, _sender.PublicKey)
            .Seal(Envelope.GuidBytes(header.EnvelopeId), contentKey, header.AssociatedData(), s_plaintext);
        return (header, sealedBody, contentKey);
    }
}
