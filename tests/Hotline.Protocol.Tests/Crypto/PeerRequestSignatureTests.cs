using Hotline.Protocol.Crypto;

namespace Hotline.Protocol.Tests.Crypto;

/// <summary>A peer's signed read of a transcript: bound to the link, the path and a time window, by the pinned key only.</summary>
public sealed class PeerRequestSignatureTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-29T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly Guid Link = Guid.Parse("01a22700-0000-7000-8000-0000000000aa");
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private readonly NodeSigningKey _peer = NodeSigningKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly NodeSigningKey _stranger = NodeSigningKey.FromSeed(Enumerable.Range(50, 32).Select(i => (byte)i).ToArray());

    public void Dispose()
    {
        _peer.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public void ASignedRead_Verifies_OnlyForItsLinkPathAndKey_WithinTheWindow()
    {
        var header = PeerRequestSignature.Sign(_peer, Link, "tile/0/000", Now.ToUnixTimeSeconds());

        Assert.True(PeerRequestSignature.Verify(_peer.PublicKey, Link, "tile/0/000", header, Now.AddMinutes(4), Window));
        Assert.False(PeerRequestSignature.Verify(_peer.PublicKey, Link, "tile/0/001", header, Now, Window));
        Assert.False(PeerRequestSignature.Verify(_peer.PublicKey, Guid.NewGuid(), "tile/0/000", header, Now, Window));
        Assert.False(PeerRequestSignature.Verify(_stranger.PublicKey, Link, "tile/0/000", header, Now, Window));
        Assert.False(PeerRequestSignature.Verify(_peer.PublicKey, Link, "tile/0/000", header, Now.AddMinutes(6), Window));
        Assert.False(PeerRequestSignature.Verify(_peer.PublicKey, Link, "tile/0/000", header, Now.AddMinutes(-6), Window));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t=1")]
    [InlineData("ed25519=AAAA")]
    [InlineData("t=abc,ed25519=AAAA")]
    [InlineData("t=1780000000,ed25519=not base64")]
    [InlineData("t=1780000000,ed25519=AAAA,extra=1")]
    [InlineData("garbage")]
    public void MalformedHeaders_AreRefused(string? header)
        => Assert.False(PeerRequestSignature.Verify(_peer.PublicKey, Link, "checkpoint", header, Now, Window));
}
